#include "engine/fba/detail/glp_problem.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace ergon::fba::detail {
namespace {

int bound_type(double lower, double upper) {
  const bool has_lower = std::isfinite(lower);
  const bool has_upper = std::isfinite(upper);
  if (has_lower && has_upper) return lower == upper ? GLP_FX : GLP_DB;
  if (has_lower) return GLP_LO;
  if (has_upper) return GLP_UP;
  return GLP_FR;
}

double finite_or_zero(double x) {
  return std::isfinite(x) ? x : 0.0;
}

}  // namespace

void check_glpk(int code, const char* call) {
  if (code != 0)
    throw InternalError(std::string("GLPK ") + call + " returned " + std::to_string(code));
}

GlpProblem::GlpProblem(const LpProblem& lp) {
  // GLPK prints to stdout by default, and its terminal switch is per thread: a library must
  // silence it wherever it creates a problem.
  glp_term_out(GLP_OFF);
  problem_ = glp_create_prob();
  const int m = static_cast<int>(lp.rows.size());
  const int n = static_cast<int>(lp.columns.size());
  if (m > 0) glp_add_rows(problem_, m);
  if (n > 0) glp_add_cols(problem_, n);
  for (int j = 0; j < n; ++j) {
    const auto& c = lp.columns[static_cast<std::size_t>(j)];
    set_column_bounds(static_cast<std::size_t>(j), c.lower, c.upper);
    glp_set_obj_coef(problem_, j + 1, c.objective);
    if (c.binary) glp_set_col_kind(problem_, j + 1, GLP_BV);
  }
  std::vector<int> ia{0};
  std::vector<int> ja{0};
  std::vector<double> ar{0.0};
  for (int i = 0; i < m; ++i) {
    const auto& row = lp.rows[static_cast<std::size_t>(i)];
    set_row_bounds(static_cast<std::size_t>(i), row.lower, row.upper);
    for (const auto& [j, a] : row.terms) {
      ia.push_back(i + 1);
      ja.push_back(static_cast<int>(j) + 1);
      ar.push_back(a);
    }
  }
  glp_load_matrix(problem_, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_set_obj_dir(problem_, lp.sense == ObjectiveSense::maximize ? GLP_MAX : GLP_MIN);
  // optlang scales every problem it builds; equal scaling keeps the pivoting, and so
  // degenerate-case answers, close to COBRApy's.
  glp_scale_prob(problem_, GLP_SF_AUTO);
}

GlpProblem::~GlpProblem() {
  if (problem_ != nullptr) glp_delete_prob(problem_);
}

int GlpProblem::rows() const {
  return glp_get_num_rows(problem_);
}
int GlpProblem::columns() const {
  return glp_get_num_cols(problem_);
}

void GlpProblem::set_column_bounds(std::size_t j, double lower, double upper) {
  glp_set_col_bnds(problem_, static_cast<int>(j) + 1, bound_type(lower, upper),
                   finite_or_zero(lower), finite_or_zero(upper));
}

void GlpProblem::set_row_bounds(std::size_t i, double lower, double upper) {
  glp_set_row_bnds(problem_, static_cast<int>(i) + 1, bound_type(lower, upper),
                   finite_or_zero(lower), finite_or_zero(upper));
}

void GlpProblem::set_objective(const std::vector<double>& coefficients, ObjectiveSense sense) {
  for (std::size_t j = 0; j < coefficients.size(); ++j)
    glp_set_obj_coef(problem_, static_cast<int>(j) + 1, coefficients[j]);
  glp_set_obj_dir(problem_, sense == ObjectiveSense::maximize ? GLP_MAX : GLP_MIN);
}

void GlpProblem::set_sense(ObjectiveSense sense) {
  glp_set_obj_dir(problem_, sense == ObjectiveSense::maximize ? GLP_MAX : GLP_MIN);
}

void GlpProblem::set_objective_coefficient(std::size_t j, double value) {
  glp_set_obj_coef(problem_, static_cast<int>(j) + 1, value);
}

std::size_t GlpProblem::add_row(const LpRow& row) {
  const int i = glp_add_rows(problem_, 1);
  std::vector<int> ind{0};
  std::vector<double> val{0.0};
  for (const auto& [j, a] : row.terms) {
    if (a == 0.0) continue;
    ind.push_back(static_cast<int>(j) + 1);
    val.push_back(a);
  }
  glp_set_mat_row(problem_, i, static_cast<int>(ind.size()) - 1, ind.data(), val.data());
  set_row_bounds(static_cast<std::size_t>(i - 1), row.lower, row.upper);
  // A new row enters the basis as basic (its slack), which keeps a valid basis for warm starts.
  glp_set_row_stat(problem_, i, GLP_BS);
  return static_cast<std::size_t>(i - 1);
}

std::size_t GlpProblem::add_column(double lower, double upper) {
  const int j = glp_add_cols(problem_, 1);
  set_column_bounds(static_cast<std::size_t>(j - 1), lower, upper);
  return static_cast<std::size_t>(j - 1);
}

void GlpProblem::truncate_columns(std::size_t first) {
  const int n = columns();
  if (static_cast<int>(first) >= n) return;
  std::vector<int> num{0};
  int basic_deleted = 0;
  for (int j = static_cast<int>(first) + 1; j <= n; ++j) {
    num.push_back(j);
    basic_deleted += glp_get_col_stat(problem_, j) == GLP_BS ? 1 : 0;
  }
  glp_del_cols(problem_, static_cast<int>(num.size()) - 1, num.data());
  if (basic_deleted > 0) glp_std_basis(problem_);
}

void GlpProblem::truncate_rows(std::size_t first) {
  const int m = rows();
  if (static_cast<int>(first) >= m) return;
  std::vector<int> num{0};
  for (int i = static_cast<int>(first) + 1; i <= m; ++i) num.push_back(i);
  // The deleted rows may have been non-basic: a structural would be missing from the basis.
  // Give GLPK a valid basis back by making those columns' replacements basic if needed.
  int nonbasic_deleted = 0;
  for (std::size_t k = 1; k < num.size(); ++k)
    nonbasic_deleted += glp_get_row_stat(problem_, num[k]) != GLP_BS ? 1 : 0;
  glp_del_rows(problem_, static_cast<int>(num.size()) - 1, num.data());
  if (nonbasic_deleted > 0) glp_std_basis(problem_);
}

Status GlpProblem::run(Method method, bool presolve, const SolverOptions& options,
                       SolverStats& stats) {
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.meth = method == Method::primal ? GLP_PRIMAL : GLP_DUALP;
  parm.presolve = presolve ? GLP_ON : GLP_OFF;
  parm.it_lim = options.iteration_limit;
  parm.tm_lim = static_cast<int>(std::min(options.time_limit_seconds * 1000.0, 2.0e9));
  parm.tol_bnd = options.feasibility_tolerance;
  parm.tol_dj = options.optimality_tolerance;
  const int iterations_before = glp_get_it_cnt(problem_);
  const auto start = std::chrono::steady_clock::now();
  const int code = glp_simplex(problem_, &parm);
  stats.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.iterations +=
      static_cast<std::size_t>(std::max(0, glp_get_it_cnt(problem_) - iterations_before));
  ++stats.lp_solves;
  switch (code) {
    case 0: break;
    case GLP_EITLIM: return Status::iteration_limit;
    case GLP_ETMLIM: return Status::time_limit;
    case GLP_ENOPFS: return Status::infeasible;
    case GLP_ENODFS: return Status::unbounded;
    case GLP_EBOUND: throw InternalError("GLPK saw a column with lower > upper bound");
    default: return Status::numerical_failure;
  }
  switch (glp_get_status(problem_)) {
    case GLP_OPT: return Status::optimal;
    case GLP_NOFEAS: return Status::infeasible;
    case GLP_UNBND: return Status::unbounded;
    default: return Status::numerical_failure;
  }
}

Status GlpProblem::solve(Method method, const SolverOptions& options, SolverStats& stats) {
  if (glp_get_num_cols(problem_) == 0) {
    // GLPK refuses empty problems; an empty LP is trivially optimal at 0.
    return Status::optimal;
  }
  const Status warm = run(method, false, options, stats);
  if (warm == Status::optimal || warm == Status::infeasible || warm == Status::unbounded)
    return warm;
  ++stats.cold_restarts;
  glp_adv_basis(problem_, 0);
  const Status cold = run(Method::dual, true, options, stats);
  if (cold != Status::optimal) {
    // After a failed presolved run the basis may be undefined; the next warm start needs one.
    glp_std_basis(problem_);
  }
  return cold;
}

Status GlpProblem::solve_mip(const SolverOptions& options, SolverStats& stats) {
  const Status relaxed = solve(Method::dual, options, stats);
  if (relaxed != Status::optimal) return relaxed;
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;
  // The feasibility pump finds a first integer solution of large, loosely coupled MILPs (TFA
  // of genome-scale models) long before branch-and-bound alone reaches one.
  parm.fp_heur = GLP_ON;
  parm.tm_lim = static_cast<int>(std::min(options.time_limit_seconds * 1000.0, 2.0e9));
  const auto start = std::chrono::steady_clock::now();
  const int code = glp_intopt(problem_, &parm);
  stats.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++stats.lp_solves;
  const int status = glp_mip_status(problem_);
  if (code == GLP_ETMLIM) return Status::time_limit;
  if (code == GLP_ENOPFS || status == GLP_NOFEAS) return Status::infeasible;
  if (code != 0) return Status::numerical_failure;
  return status == GLP_OPT ? Status::optimal : Status::numerical_failure;
}

bool GlpProblem::has_mip_solution() const {
  const int status = glp_mip_status(problem_);
  return status == GLP_OPT || status == GLP_FEAS;
}
double GlpProblem::mip_objective_value() const {
  return glp_mip_obj_val(problem_);
}
double GlpProblem::mip_column_value(std::size_t j) const {
  return glp_mip_col_val(problem_, static_cast<int>(j) + 1);
}

double GlpProblem::objective_value() const {
  return glp_get_obj_val(problem_);
}
double GlpProblem::column_value(std::size_t j) const {
  return glp_get_col_prim(problem_, static_cast<int>(j) + 1);
}

double GlpProblem::row_dual(std::size_t i) const {
  return glp_get_row_dual(problem_, static_cast<int>(i) + 1);
}

Basis GlpProblem::basis() const {
  Basis b;
  const int m = rows();
  const int n = columns();
  b.rows.resize(static_cast<std::size_t>(m));
  b.columns.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < m; ++i)
    b.rows[static_cast<std::size_t>(i)] = glp_get_row_stat(problem_, i + 1);
  for (int j = 0; j < n; ++j)
    b.columns[static_cast<std::size_t>(j)] = glp_get_col_stat(problem_, j + 1);
  return b;
}

void GlpProblem::set_basis(const Basis& b) {
  if (static_cast<int>(b.rows.size()) != rows() ||
      static_cast<int>(b.columns.size()) != columns()) {
    throw InternalError("basis does not fit the problem");
  }
  for (std::size_t i = 0; i < b.rows.size(); ++i)
    glp_set_row_stat(problem_, static_cast<int>(i) + 1, b.rows[i]);
  for (std::size_t j = 0; j < b.columns.size(); ++j)
    glp_set_col_stat(problem_, static_cast<int>(j) + 1, b.columns[j]);
  // A fresh factorization of exactly this basis. GLPK keeps its old (updated) factorization
  // when the set of basic variables did not change, and then the next solve's last bits
  // depend on what this LP solved before; sweeps on threads must not. A basis GLPK cannot
  // factorize is left to glp_simplex, which reports it (and solve() restarts cold).
  (void)glp_factorize(problem_);
}

}  // namespace ergon::fba::detail
