#include "engine/io/result_log.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/io/detail/h5_handle.hpp"

namespace ergon::io {

using detail::check_h5;
using detail::checked;
using detail::H5Handle;
using Clock = std::chrono::steady_clock;

namespace {

// HDF5's default error printer writes whole stacks to stderr; ergon reports one line itself.
void silence_hdf5_errors() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

std::string object_path(const std::string& name) {
  if (name.empty() || name == "/") return "/";
  return name.front() == '/' ? name : "/" + name;
}

H5Handle string_type() {
  H5Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "string type", "");
  check_h5(H5Tset_size(type.get(), H5T_VARIABLE), "string type", "");
  check_h5(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string type", "");
  return type;
}

// h5py reads an int8 enum {FALSE, TRUE} as numpy bool.
H5Handle bool_type() {
  H5Handle type = checked(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "bool type", "");
  const std::int8_t no = 0;
  const std::int8_t yes = 1;
  check_h5(H5Tenum_insert(type.get(), "FALSE", &no), "bool type", "");
  check_h5(H5Tenum_insert(type.get(), "TRUE", &yes), "bool type", "");
  return type;
}

H5Handle simple_space(const std::vector<hsize_t>& dims, const std::vector<hsize_t>* max = nullptr) {
  return checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                                  max != nullptr ? max->data() : nullptr),
                 H5Sclose, "dataspace", "");
}

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
  std::vector<const char*> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(v.c_str());
  return out;
}

void write_attribute(hid_t object, const std::string& owner, const std::string& key,
                     const AttributeValue& value) {
  if (H5Aexists(object, key.c_str()) > 0)
    check_h5(H5Adelete(object, key.c_str()), "attribute delete", owner + "@" + key);
  const std::string where = owner + "@" + key;
  auto write = [&](hid_t type, const H5Handle& space, const void* data) {
    H5Handle attr =
        checked(H5Acreate2(object, key.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose, "attribute create", where);
    // An empty array (0 elements) has nothing to write; h5py reads it as a 0-length array.
    if (H5Sget_simple_extent_npoints(space.get()) > 0) {
      check_h5(H5Awrite(attr.get(), type, data), "attribute write", where);
    }
  };
  const H5Handle scalar = checked(H5Screate(H5S_SCALAR), H5Sclose, "dataspace", where);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          const std::int8_t b = v ? 1 : 0;
          write(bool_type().get(), scalar, &b);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          write(H5T_NATIVE_INT64, scalar, &v);
        } else if constexpr (std::is_same_v<T, double>) {
          write(H5T_NATIVE_DOUBLE, scalar, &v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          const char* p = v.c_str();
          write(string_type().get(), scalar, &p);
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
          write(H5T_NATIVE_DOUBLE, simple_space({v.size()}), v.data());
        } else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) {
          write(H5T_NATIVE_INT64, simple_space({v.size()}), v.data());
        } else {
          const auto strings = c_strings(v);
          write(string_type().get(), simple_space({v.size()}), strings.data());
        }
      },
      value);
}

}  // namespace

struct RowStream::State {
  std::string group;
  std::size_t columns = 0;
  std::size_t chunk_rows = 512;
  std::size_t written = 0;
  std::vector<double> time_buffer;
  std::vector<double> value_buffer;
  H5Handle time_set;
  H5Handle value_set;

  // Extends both datasets and writes the buffered rows at their end.
  void write_buffer() {
    const std::size_t n = time_buffer.size();
    if (n == 0) return;
    const std::vector<hsize_t> total1{written + n};
    check_h5(H5Dset_extent(time_set.get(), total1.data()), "extend", group + "/time");
    write_slab(time_set, {written}, {n}, time_buffer.data(), group + "/time");
    if (columns > 0) {
      const std::vector<hsize_t> total2{written + n, columns};
      check_h5(H5Dset_extent(value_set.get(), total2.data()), "extend", group + "/values");
      write_slab(value_set, {written, 0}, {n, columns}, value_buffer.data(), group + "/values");
    }
    written += n;
    time_buffer.clear();
    value_buffer.clear();
  }

  static void write_slab(const H5Handle& set, const std::vector<hsize_t>& start,
                         const std::vector<hsize_t>& count, const double* data,
                         const std::string& name) {
    const H5Handle file_space = checked(H5Dget_space(set.get()), H5Sclose, "dataspace", name);
    check_h5(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                 count.data(), nullptr),
             "select", name);
    const H5Handle memory = simple_space(count);
    check_h5(
        H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT, data),
        "write", name);
  }
};

struct ResultLog::Impl {
  std::filesystem::path path;
  LogOptions options;
  int lock_fd = -1;
  H5Handle file;
  std::vector<std::weak_ptr<RowStream::State>> streams;
  Clock::time_point last_flush = Clock::now();

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    try {
      close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
    }
  }

  void require_open() const {
    if (!file.valid()) throw InputError({.file = path.string()}, "the log is closed");
  }

  [[nodiscard]] bool exists(const std::string& name) const {
    const std::string p = object_path(name);
    if (p == "/") return true;
    // Walk the path: H5Lexists fails if an intermediate group is missing.
    std::size_t pos = 1;
    while (true) {
      const auto next = p.find('/', pos);
      const std::string prefix = p.substr(0, next);
      if (H5Lexists(file.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
      if (next == std::string::npos) return true;
      pos = next + 1;
    }
  }

  [[nodiscard]] H5Handle link_properties() const {
    H5Handle lcpl = checked(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "link properties", path.string());
    check_h5(H5Pset_create_intermediate_group(lcpl.get(), 1), "link properties", path.string());
    check_h5(H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8), "link properties", path.string());
    return lcpl;
  }

  void refuse_existing(const std::string& name) const {
    if (exists(name)) {
      throw InputError({.file = path.string(), .element_id = object_path(name)},
                       "already exists in the log (use another name or open with mode \"w\")");
    }
  }

  // Chunked, compressed creation properties for a dataset of `dims`.
  [[nodiscard]] H5Handle dataset_properties(const std::vector<hsize_t>& chunk) const {
    H5Handle dcpl =
        checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties", path.string());
    check_h5(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "chunking",
             path.string());
    if (options.deflate_level > 0) {
      check_h5(H5Pset_shuffle(dcpl.get()), "shuffle filter", path.string());
      check_h5(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(options.deflate_level)), "deflate",
               path.string());
    }
    return dcpl;
  }

  [[nodiscard]] std::vector<hsize_t> chunk_for(const std::vector<hsize_t>& dims) const {
    std::vector<hsize_t> chunk(dims.begin(), dims.end());
    hsize_t rest = 1;
    for (std::size_t i = 1; i < chunk.size(); ++i) rest *= std::max<hsize_t>(chunk[i], 1);
    const hsize_t rows = std::max<hsize_t>(1, (1U << 16U) / rest);
    chunk[0] = std::clamp<hsize_t>(dims[0], 1, std::max<hsize_t>(rows, options.chunk_rows));
    for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
    return chunk;
  }

  H5Handle create_dataset(const std::string& name, hid_t type, const std::vector<hsize_t>& dims) {
    require_open();
    refuse_existing(name);
    const auto total = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
    const H5Handle space = simple_space(dims);
    const H5Handle lcpl = link_properties();
    // Empty datasets cannot be chunked to size 0: store them contiguous.
    const H5Handle dcpl =
        total > 0 ? dataset_properties(chunk_for(dims))
                  : checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "properties", name);
    return checked(H5Dcreate2(file.get(), object_path(name).c_str(), type, space.get(), lcpl.get(),
                              dcpl.get(), H5P_DEFAULT),
                   H5Dclose, "dataset create", name);
  }

  void flush_all() {
    if (!file.valid()) return;
    std::erase_if(streams, [](const auto& weak) { return weak.expired(); });
    for (const auto& weak : streams) {
      if (const auto state = weak.lock()) state->write_buffer();
    }
    check_h5(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush", path.string());
    last_flush = Clock::now();
  }

  void flush_if_due() {
    const std::chrono::duration<double> since = Clock::now() - last_flush;
    if (since.count() >= options.flush_interval_seconds) flush_all();
  }

  void close() {
    if (file.valid()) {
      flush_all();
      for (const auto& weak : streams) {
        if (const auto state = weak.lock()) {
          state->time_set.reset();
          state->value_set.reset();
        }
      }
      streams.clear();
      file.reset();
    }
    if (lock_fd >= 0) {
      ::close(lock_fd);  // releases the flock
      lock_fd = -1;
    }
  }
};

ResultLog::ResultLog(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
ResultLog::ResultLog(ResultLog&&) noexcept = default;
ResultLog& ResultLog::operator=(ResultLog&&) noexcept = default;
ResultLog::~ResultLog() = default;

ResultLog ResultLog::open(const std::filesystem::path& path, OpenMode mode,
                          const LogOptions& options) {
  silence_hdf5_errors();
  auto impl = std::make_shared<Impl>();
  impl->path = path;
  impl->options = options;
  const InputLocation where{.file = path.string()};
  if (std::filesystem::is_directory(path))
    throw InputError(where, "is a directory, not an HDF5 file");

  const bool existed = std::filesystem::exists(path);
  if (mode == OpenMode::append && existed && std::filesystem::file_size(path) > 0 &&
      H5Fis_hdf5(path.c_str()) <= 0) {
    throw InputError(where, "exists and is not an HDF5 file (refusing to append to it)");
  }

  // One writer per file: an exclusive flock held for the life of the log. The kernel drops it
  // when the process dies, so a killed run never leaves a stale lock behind.
  impl->lock_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (impl->lock_fd < 0)
    throw InputError(where, std::string("cannot open for writing: ") + std::strerror(errno));
  if (::flock(impl->lock_fd, LOCK_EX | LOCK_NB) != 0) {
    throw InputError(where, "is being written by another process (file lock held)");
  }

  H5Handle fapl =
      checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties", path.string());
  // ergon holds its own lock (above); HDF5's would conflict with it inside this process.
  check_h5(H5Pset_file_locking(fapl.get(), false, true), "file locking", path.string());
  // Keep dirty metadata in memory until an explicit flush, so that the file on disk is always
  // the consistent state of the last flush, whatever happens to the process afterwards.
  H5AC_cache_config_t cache{};
  cache.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  check_h5(H5Pget_mdc_config(fapl.get(), &cache), "metadata cache", path.string());
  cache.evictions_enabled = false;
  cache.incr_mode = H5C_incr__off;
  cache.flash_incr_mode = H5C_flash_incr__off;
  cache.decr_mode = H5C_decr__off;
  check_h5(H5Pset_mdc_config(fapl.get(), &cache), "metadata cache", path.string());

  // Never reuse freed file space while the file is open: a compressed chunk rewritten after a
  // flush moves, and if its old place were reused, the last flushed index on disk would point
  // at other data. With reuse off, the state of the last flush stays intact on disk.
  H5Handle fcpl =
      checked(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file creation properties", path.string());
  check_h5(H5Pset_file_space_strategy(fcpl.get(), H5F_FSPACE_STRATEGY_NONE, false, 1),
           "file space strategy", path.string());

  const bool create =
      mode == OpenMode::truncate || !existed || std::filesystem::file_size(path) == 0;
  const hid_t id = create ? H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get())
                          : H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get());
  if (id < 0)
    throw InputError(where,
                     create ? "cannot create HDF5 file" : "cannot open HDF5 file for writing");
  impl->file = H5Handle(id, H5Fclose);
  return ResultLog(std::move(impl));
}

const std::filesystem::path& ResultLog::path() const {
  return impl_->path;
}
bool ResultLog::is_open() const {
  return impl_ && impl_->file.valid();
}

bool ResultLog::exists(const std::string& name) const {
  impl_->require_open();
  return impl_->exists(name);
}

void ResultLog::create_group(const std::string& name, const std::string& kind,
                             const Attributes& attributes) {
  impl_->require_open();
  impl_->refuse_existing(name);
  const H5Handle lcpl = impl_->link_properties();
  const H5Handle group = checked(H5Gcreate2(impl_->file.get(), object_path(name).c_str(),
                                            lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                                 H5Gclose, "group create", name);
  write_attribute(group.get(), name, "kind", kind);
  for (const auto& [key, value] : attributes) write_attribute(group.get(), name, key, value);
}

void ResultLog::set_attributes(const std::string& name, const Attributes& attributes) {
  impl_->require_open();
  if (!impl_->exists(name)) {
    throw InputError({.file = impl_->path.string(), .element_id = object_path(name)},
                     "no such group or dataset");
  }
  const H5Handle object = checked(
      H5Oopen(impl_->file.get(), object_path(name).c_str(), H5P_DEFAULT), H5Oclose, "open", name);
  for (const auto& [key, value] : attributes) write_attribute(object.get(), name, key, value);
}

void ResultLog::write_numbers(const std::string& name, std::span<const double> values,
                              const std::vector<std::size_t>& shape) {
  const auto total =
      std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
  if (shape.empty() || total != values.size()) {
    throw InternalError("write_numbers: shape does not match " + std::to_string(values.size()) +
                        " values");
  }
  const std::vector<hsize_t> dims(shape.begin(), shape.end());
  const H5Handle set = impl_->create_dataset(name, H5T_IEEE_F64LE, dims);
  if (total > 0) {
    check_h5(H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
             "write", name);
  }
}

void ResultLog::write_integers(const std::string& name, std::span<const std::int64_t> values) {
  const H5Handle set = impl_->create_dataset(name, H5T_STD_I64LE, {values.size()});
  if (!values.empty()) {
    check_h5(H5Dwrite(set.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
             "write", name);
  }
}

void ResultLog::write_strings(const std::string& name, const std::vector<std::string>& values) {
  const H5Handle type = string_type();
  const H5Handle set = impl_->create_dataset(name, type.get(), {values.size()});
  if (!values.empty()) {
    const auto strings = c_strings(values);
    check_h5(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, strings.data()),
             "write", name);
  }
}

std::string ResultLog::store_text_once(const std::string& key, std::string_view text) {
  const std::string name = "models/" + key;
  impl_->require_open();
  if (impl_->exists(name)) return "/" + name;
  const H5Handle type = string_type();
  const H5Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "dataspace", name);
  const H5Handle lcpl = impl_->link_properties();
  const H5Handle set = checked(H5Dcreate2(impl_->file.get(), ("/" + name).c_str(), type.get(),
                                          space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                               H5Dclose, "dataset create", name);
  const std::string owned(text);
  const char* p = owned.c_str();
  check_h5(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), "write", name);
  return "/" + name;
}

RowStream ResultLog::stream_rows(const std::string& group,
                                 const std::vector<std::string>& columns) {
  impl_->require_open();
  if (!impl_->exists(group)) {
    throw InputError({.file = impl_->path.string(), .element_id = object_path(group)},
                     "no such group to stream rows into");
  }
  write_strings(group + "/names", columns);
  auto state = std::make_shared<RowStream::State>();
  state->group = group;
  state->columns = columns.size();
  state->chunk_rows = std::max<std::size_t>(impl_->options.chunk_rows, 1);
  const hsize_t rows = state->chunk_rows;
  const hsize_t m = std::max<std::size_t>(columns.size(), 1);

  const std::vector<hsize_t> zero1{0};
  const std::vector<hsize_t> max1{H5S_UNLIMITED};
  const H5Handle space1 = simple_space(zero1, &max1);
  const H5Handle dcpl1 = impl_->dataset_properties({rows});
  state->time_set =
      checked(H5Dcreate2(impl_->file.get(), object_path(group + "/time").c_str(), H5T_IEEE_F64LE,
                         space1.get(), H5P_DEFAULT, dcpl1.get(), H5P_DEFAULT),
              H5Dclose, "dataset create", group + "/time");
  const std::vector<hsize_t> zero2{0, columns.size()};
  const std::vector<hsize_t> max2{H5S_UNLIMITED, columns.empty() ? H5S_UNLIMITED : columns.size()};
  const H5Handle space2 = simple_space(zero2, &max2);
  const H5Handle dcpl2 = impl_->dataset_properties({rows, m});
  state->value_set =
      checked(H5Dcreate2(impl_->file.get(), object_path(group + "/values").c_str(), H5T_IEEE_F64LE,
                         space2.get(), H5P_DEFAULT, dcpl2.get(), H5P_DEFAULT),
              H5Dclose, "dataset create", group + "/values");
  impl_->streams.push_back(state);
  return RowStream(impl_, state);
}

void ResultLog::flush() {
  impl_->require_open();
  impl_->flush_all();
}

void ResultLog::close() {
  if (impl_) impl_->close();
}

RowStream::RowStream(std::shared_ptr<ResultLog::Impl> log, std::shared_ptr<State> state)
    : log_(std::move(log)), state_(std::move(state)) {}
RowStream::RowStream(RowStream&&) noexcept = default;
RowStream& RowStream::operator=(RowStream&&) noexcept = default;
RowStream::~RowStream() {
  try {
    if (log_ && state_ && log_->file.valid()) state_->write_buffer();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

void RowStream::append(double time, std::span<const double> values) {
  log_->require_open();
  if (values.size() != state_->columns) {
    throw InputError({.file = log_->path.string(), .element_id = state_->group},
                     "row has " + std::to_string(values.size()) + " values, the stream has " +
                         std::to_string(state_->columns) + " columns");
  }
  state_->time_buffer.push_back(time);
  state_->value_buffer.insert(state_->value_buffer.end(), values.begin(), values.end());
  if (state_->time_buffer.size() >= state_->chunk_rows) state_->write_buffer();
  log_->flush_if_due();
}

std::size_t RowStream::rows() const {
  return state_->written + state_->time_buffer.size();
}

void RowStream::flush() {
  log_->require_open();
  log_->flush_all();
}

}  // namespace ergon::io
