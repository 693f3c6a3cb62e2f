#pragma once
// Gene and reaction knockouts: single and double deletion sweeps.

#include <cstddef>
#include <vector>

#include "engine/fba/fba.hpp"

namespace ergon::fba {

enum class DeletionTarget { genes, reactions };

/// How a knockout's phenotype is computed: re-optimised (FBA) or minimally adjusted (MOMA).
enum class DeletionMethod { fba, linear_moma };

struct DeletionOptions {
  DeletionTarget target = DeletionTarget::genes;
  DeletionMethod method = DeletionMethod::fba;
  /// linear_moma: the wild-type fluxes to stay close to; empty = pFBA of the unmodified model,
  /// as COBRApy. (pFBA fluxes need not be unique: pass them to compare with another tool.)
  std::vector<double> reference_fluxes;
  bool pairs = false;  ///< all unordered pairs (and singles, as COBRApy's double deletion)
  std::vector<std::size_t> candidates;  ///< gene or reaction indices; empty = all
  /// Reuse the reference optimum when the knockout closes no reaction that carries flux in it,
  /// and infer lethality of a pair from a lethal member; both are exact, not heuristics.
  bool skip_provable = true;
  /// Worker threads, each with its own LPs. Results are bit-identical for any count: the
  /// distinct knockout LPs are collected first and each is solved from the reference basis.
  std::size_t threads = 1;
  /// Distinct knockout LPs handed to a thread at a time (scheduling only; no effect on results).
  std::size_t block_size = 128;
};

struct Deletion {
  std::vector<std::size_t> targets;  ///< gene or reaction indices (one, or two for pairs)
  double growth = kNaN;              ///< objective value; NaN unless optimal
  Status status = Status::numerical_failure;
};

struct DeletionResult {
  Status reference_status = Status::numerical_failure;
  double reference_objective =
      kNaN;                         ///< wild-type objective (FBA optimum, or at the MOMA reference)
  std::vector<Deletion> deletions;  ///< singles first (candidate order), then pairs (i < j)
  SolverStats stats;
};

/// Single or double gene / reaction deletions as COBRApy's `single_gene_deletion` etc.: a gene
/// knockout closes (bounds 0, 0) every reaction whose GPR no longer holds.
[[nodiscard]] DeletionResult deletions(FluxBalance& balance, const DeletionOptions& options);

/// Targets whose single deletion is lethal, as COBRApy's `find_essential_genes` /
/// `find_essential_reactions`: growth NaN (LP not optimal) or below `threshold`; a NaN
/// threshold means 1 % of the reference objective (COBRApy's default). Sorted indices.
[[nodiscard]] std::vector<std::size_t> essential(const DeletionResult& result,
                                                 double threshold = kNaN);

/// Closes the reactions disabled by knocking out `genes` (gene indices) through `scope`;
/// returns the closed reaction indices.
std::vector<std::size_t> knock_out_genes(const std::vector<std::size_t>& genes, ScopedBounds& scope,
                                         const ConstraintModel& model);

}  // namespace ergon::fba
