#include "engine/core/constraint_model_cache.hpp"

#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"

namespace ergon {
namespace {

constexpr std::string_view kMagic{"ERGONCM\x1a", 8};
// Bump when the payload layout changes.
constexpr std::uint32_t kFormatVersion = 2;
// Bounds a decoder trusts before allocating: a corrupt length must fail, not exhaust memory.
constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 28;

static_assert(std::endian::native == std::endian::little, "the cache format is little-endian");

class Writer {
 public:
  void u8(std::uint8_t x) { out_.push_back(static_cast<char>(x)); }
  void u32(std::uint32_t x) { raw(&x, sizeof x); }
  void u64(std::uint64_t x) { raw(&x, sizeof x); }
  void i32(std::int32_t x) { raw(&x, sizeof x); }
  void f64(double x) { raw(&x, sizeof x); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Any read past the end or implausible count throws Truncated; the decoder turns it into a miss.
struct Truncated {};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8() {
    need(1);
    return static_cast<std::uint8_t>(in_[at_++]);
  }
  std::uint32_t u32() { return pod<std::uint32_t>(); }
  std::uint64_t u64() { return pod<std::uint64_t>(); }
  std::int32_t i32() { return pod<std::int32_t>(); }
  double f64() { return pod<double>(); }
  std::string str() {
    const auto n = u64();
    need(n);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  std::size_t count() {
    const auto n = u64();
    if (n > kMaxCount || n > in_.size() - at_) throw Truncated{};  // every element takes >= 1 byte
    return static_cast<std::size_t>(n);
  }
  [[nodiscard]] bool done() const { return at_ == in_.size(); }
  [[nodiscard]] std::string_view rest() const { return in_.substr(at_); }
  void skip(std::size_t n) {
    need(n);
    at_ += n;
  }

 private:
  template <class T>
  T pod() {
    need(sizeof(T));
    T x;
    std::memcpy(&x, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return x;
  }
  void need(std::uint64_t n) const {
    if (n > in_.size() - at_) throw Truncated{};
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

void write_gpr(Writer& w, const Gpr& rule) {
  w.u8(static_cast<std::uint8_t>(rule.kind()));
  switch (rule.kind()) {
    case Gpr::Kind::empty: break;
    case Gpr::Kind::gene: w.str(rule.gene_id()); break;
    case Gpr::Kind::all_of:
    case Gpr::Kind::any_of:
      w.u64(rule.operands().size());
      for (const auto& o : rule.operands()) write_gpr(w, o);
      break;
  }
}

Gpr read_rule(Reader& r, int depth) {
  if (depth > 1000) throw Truncated{};
  const auto kind = r.u8();
  if (kind == static_cast<std::uint8_t>(Gpr::Kind::empty)) return {};
  if (kind == static_cast<std::uint8_t>(Gpr::Kind::gene)) return Gpr::gene(r.str());
  if (kind != static_cast<std::uint8_t>(Gpr::Kind::all_of) &&
      kind != static_cast<std::uint8_t>(Gpr::Kind::any_of)) {
    throw Truncated{};
  }
  std::vector<Gpr> operands(r.count());
  for (auto& o : operands) o = read_rule(r, depth + 1);
  return kind == static_cast<std::uint8_t>(Gpr::Kind::all_of) ? Gpr::all_of(std::move(operands))
                                                              : Gpr::any_of(std::move(operands));
}

std::string encode_payload(const CachedConstraintModel& e) {
  Writer w;
  const auto& d = e.model.data();
  w.str(d.id);
  w.str(d.name);
  w.u8(d.sense == ObjectiveSense::maximize ? 0 : 1);
  w.u64(d.metabolites.size());
  for (const auto& m : d.metabolites) {
    w.str(m.id);
    w.str(m.name);
    w.str(m.compartment);
    w.str(m.formula);
    w.u8(m.charge ? 1 : 0);
    w.i32(m.charge.value_or(0));
    w.u64(m.annotations.size());
    for (const auto& a : m.annotations) w.str(a);
  }
  w.u64(d.genes.size());
  for (const auto& g : d.genes) {
    w.str(g.id);
    w.str(g.name);
  }
  w.u64(d.reactions.size());
  for (const auto& r : d.reactions) {
    w.str(r.id);
    w.str(r.name);
    w.f64(r.lower_bound);
    w.f64(r.upper_bound);
    w.f64(r.objective_coefficient);
    w.u64(r.stoichiometry.size());
    for (const auto& t : r.stoichiometry) {
      w.u64(t.metabolite);
      w.f64(t.coefficient);
    }
    write_gpr(w, r.gpr);
    w.str(r.subsystem);
  }
  w.u64(e.diagnostics.size());
  for (const auto& x : e.diagnostics) {
    w.u8(static_cast<std::uint8_t>(x.severity));
    w.str(x.code);
    w.str(x.category);
    w.u32(x.line);
    w.str(x.message);
  }
  w.u64(e.objectives.size());
  for (const auto& o : e.objectives) w.str(o);
  w.u64(e.warm_start.rows.size());
  for (const auto s : e.warm_start.rows) w.i32(s);
  w.u64(e.warm_start.columns.size());
  for (const auto s : e.warm_start.columns) w.i32(s);
  return w.take();
}

CachedConstraintModel decode_payload(std::string_view bytes) {
  Reader r(bytes);
  ConstraintModelData d;
  d.id = r.str();
  d.name = r.str();
  d.sense = r.u8() == 0 ? ObjectiveSense::maximize : ObjectiveSense::minimize;
  d.metabolites.resize(r.count());
  for (auto& m : d.metabolites) {
    m.id = r.str();
    m.name = r.str();
    m.compartment = r.str();
    m.formula = r.str();
    const bool has_charge = r.u8() != 0;
    const auto charge = r.i32();
    if (has_charge) m.charge = charge;
    m.annotations.resize(r.count());
    for (auto& a : m.annotations) a = r.str();
  }
  d.genes.resize(r.count());
  for (auto& g : d.genes) {
    g.id = r.str();
    g.name = r.str();
  }
  d.reactions.resize(r.count());
  for (auto& x : d.reactions) {
    x.id = r.str();
    x.name = r.str();
    x.lower_bound = r.f64();
    x.upper_bound = r.f64();
    x.objective_coefficient = r.f64();
    x.stoichiometry.resize(r.count());
    for (auto& t : x.stoichiometry) {
      t.metabolite = static_cast<std::size_t>(r.u64());
      t.coefficient = r.f64();
    }
    x.gpr = read_rule(r, 0);
    x.subsystem = r.str();
  }
  std::vector<Diagnostic> diagnostics(r.count());
  for (auto& x : diagnostics) {
    const auto severity = r.u8();
    if (severity > static_cast<std::uint8_t>(Severity::fatal)) throw Truncated{};
    x.severity = static_cast<Severity>(severity);
    x.code = r.str();
    x.category = r.str();
    x.line = r.u32();
    x.message = r.str();
  }
  std::vector<std::string> objectives(r.count());
  for (auto& o : objectives) o = r.str();
  SolverWarmStart warm;
  warm.rows.resize(r.count());
  for (auto& s : warm.rows) s = r.i32();
  warm.columns.resize(r.count());
  for (auto& s : warm.columns) s = r.i32();
  if (!r.done()) throw Truncated{};
  // The constructor validates what it is given as it does for a freshly read file.
  return {ConstraintModel(std::move(d)), std::move(diagnostics), std::move(objectives),
          std::move(warm)};
}

std::string header_identity() {
  return std::string(version()) + '+' + std::string(git_commit());
}

}  // namespace

std::string encode_cache_entry(const CachedConstraintModel& entry, std::string_view source_sha256,
                               std::string_view variant) {
  const std::string payload = encode_payload(entry);
  Writer w;
  w.raw(kMagic.data(), kMagic.size());
  w.u32(kFormatVersion);
  w.str(header_identity());
  w.str(source_sha256);
  w.str(variant);
  w.u64(payload.size());
  w.str(sha256_hex(payload));
  std::string out = w.take();
  out += payload;
  return out;
}

std::optional<CachedConstraintModel> decode_cache_entry(std::string_view bytes,
                                                        std::string_view source_sha256,
                                                        std::string_view variant,
                                                        std::string& why) {
  try {
    Reader r(bytes);
    if (bytes.substr(0, kMagic.size()) != kMagic) {
      why = "not an ergon model cache file";
      return std::nullopt;
    }
    r.skip(kMagic.size());
    if (const auto format = r.u32(); format != kFormatVersion) {
      why = "cache format " + std::to_string(format) + ", this build reads " +
            std::to_string(kFormatVersion);
      return std::nullopt;
    }
    if (const auto built_by = r.str(); built_by != header_identity()) {
      why = "written by ergon " + built_by + ", this is " + header_identity();
      return std::nullopt;
    }
    if (r.str() != source_sha256) {
      why = "written for another source file";
      return std::nullopt;
    }
    if (r.str() != variant) {
      why = "written with other reader options";
      return std::nullopt;
    }
    const auto size = r.u64();
    const auto checksum = r.str();
    const auto payload = r.rest();
    if (payload.size() != size) {
      why = "truncated (payload " + std::to_string(payload.size()) + " of " + std::to_string(size) +
            " bytes)";
      return std::nullopt;
    }
    if (sha256_hex(payload) != checksum) {
      why = "payload checksum mismatch";
      return std::nullopt;
    }
    return decode_payload(payload);
  } catch (const Truncated&) {
    why = "truncated or malformed";
  } catch (const InputError& e) {
    why = std::string("model in the cache fails validation: ") + e.what();
  }
  return std::nullopt;
}

std::filesystem::path default_cache_directory() {
  const auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
  };
  if (const auto dir = env("ERGON_CACHE_DIR"); !dir.empty()) return dir;
  if (const auto xdg = env("XDG_CACHE_HOME"); !xdg.empty())
    return std::filesystem::path(xdg) / "ergon";
  if (const auto home = env("HOME"); !home.empty())
    return std::filesystem::path(home) / ".cache" / "ergon";
  return {};
}

bool cache_enabled_by_environment() {
  const char* v = std::getenv("ERGON_NO_CACHE");
  return v == nullptr || std::string_view(v).empty() || std::string_view(v) == "0";
}

std::filesystem::path ConstraintModelCache::entry_path(std::string_view source_sha256,
                                                       std::string_view variant) const {
  // The variant is hashed into the name so that each (file, options) pair has one slot; the
  // ergon version is not, so a new build overwrites its predecessor's entry instead of piling up.
  return directory_ / ("constraint-" + std::string(source_sha256) + "-" +
                       sha256_hex(variant).substr(0, 16) + ".bin");
}

std::optional<CachedConstraintModel> ConstraintModelCache::load(std::string_view source_sha256,
                                                                std::string_view variant,
                                                                std::string& why) const {
  if (directory_.empty()) {
    why = "no cache directory";
    return std::nullopt;
  }
  const auto path = entry_path(source_sha256, variant);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "no entry";
    return std::nullopt;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_cache_entry(bytes, source_sha256, variant, why);
}

bool ConstraintModelCache::store(const CachedConstraintModel& entry, std::string_view source_sha256,
                                 std::string_view variant, std::string& warning) const {
  if (directory_.empty()) {
    warning = "no cache directory (set ERGON_CACHE_DIR)";
    return false;
  }
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) {
    warning = "cannot create cache directory " + directory_.string() + ": " + ec.message();
    return false;
  }
  const auto path = entry_path(source_sha256, variant);
  // A unique temporary name per writer: concurrent ranks writing the same entry each rename a
  // complete file into place, and the last one wins.
  std::random_device random;
  auto temporary = path;
  temporary += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(random());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const std::string bytes = encode_cache_entry(entry, source_sha256, variant);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temporary, ec);
      warning = "cannot write cache file in " + directory_.string();
      return false;
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    warning = "cannot move cache file into " + directory_.string() + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace ergon
