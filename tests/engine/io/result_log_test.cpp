#define BOOST_TEST_MODULE io_result_log
#include <boost/test/unit_test.hpp>

#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/io/result_log.hpp"

namespace fs = std::filesystem;
using ergon::InputError;
using ergon::io::OpenMode;
using ergon::io::ResultLog;

namespace {

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& name)
      : path(fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()) + ".h5")) {
    fs::remove(path);
  }
  ~TempFile() { fs::remove(path); }
};

// Minimal readers over the HDF5 C API, independent of the code under test.
std::vector<hsize_t> dims_of(hid_t file, const char* name) {
  const hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
  BOOST_TEST_REQUIRE(set >= 0, name);
  const hid_t space = H5Dget_space(set);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  H5Sclose(space);
  H5Dclose(set);
  return dims;
}

std::vector<double> doubles_of(hid_t file, const char* name) {
  const auto dims = dims_of(file, name);
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<double> out(n);
  const hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
  H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  H5Dclose(set);
  return out;
}

double double_attribute(hid_t file, const char* object, const char* key) {
  double v = 0;
  const hid_t attr = H5Aopen_by_name(file, object, key, H5P_DEFAULT, H5P_DEFAULT);
  BOOST_TEST_REQUIRE(attr >= 0, object << "@" << key);
  H5Aread(attr, H5T_NATIVE_DOUBLE, &v);
  H5Aclose(attr);
  return v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(writes_groups_datasets_and_attributes) {
  const TempFile tmp("ergon_log_basic");
  {
    auto log = ResultLog::open(tmp.path, OpenMode::truncate);
    log.set_attributes("/", {{"ergon_version", std::string("x")}, {"n", std::int64_t{3}}});
    log.create_group("run/fba", "fba", {{"objective", 0.87}, {"ok", true}});
    const std::vector<double> values{1, 2, 3, 4, 5, 6};
    log.write_numbers("run/fba/matrix", values, {2, 3});
    log.write_strings("run/fba/reaction_ids", {"R1", "R2"});
    BOOST_TEST(log.exists("run/fba/matrix"));
    BOOST_TEST(!log.exists("run/none/x"));
    BOOST_CHECK_THROW(log.create_group("run/fba", "fba"), InputError);
    BOOST_TEST(log.store_text_once("abc", "<sbml/>") == "/models/abc");
    BOOST_TEST(log.store_text_once("abc", "<sbml/>") == "/models/abc");
  }
  const hid_t file = H5Fopen(tmp.path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  BOOST_TEST_REQUIRE(file >= 0);
  BOOST_TEST((dims_of(file, "/run/fba/matrix") == std::vector<hsize_t>{2, 3}));
  BOOST_TEST(doubles_of(file, "/run/fba/matrix").at(5) == 6.0);
  BOOST_TEST(double_attribute(file, "/run/fba", "objective") == 0.87);
  BOOST_TEST(H5Aexists_by_name(file, "/run/fba", "kind", H5P_DEFAULT) > 0);
  H5Fclose(file);
}

BOOST_AUTO_TEST_CASE(append_keeps_and_truncate_replaces) {
  const TempFile tmp("ergon_log_modes");
  ResultLog::open(tmp.path, OpenMode::truncate).create_group("a", "table");
  {
    auto log = ResultLog::open(tmp.path, OpenMode::append);
    BOOST_TEST(log.exists("a"));
    log.create_group("b", "table");
  }
  BOOST_TEST(ResultLog::open(tmp.path, OpenMode::append).exists("b"));
  BOOST_TEST(!ResultLog::open(tmp.path, OpenMode::truncate).exists("a"));
}

BOOST_AUTO_TEST_CASE(streams_rows_in_chunks) {
  const TempFile tmp("ergon_log_stream");
  {
    auto log = ResultLog::open(tmp.path, OpenMode::truncate, {.chunk_rows = 64});
    log.create_group("tc", "timecourse");
    auto stream = log.stream_rows("tc", {"A", "B"});
    for (int i = 0; i < 1000; ++i) {
      const double row[2] = {static_cast<double>(i), 2.0 * i};
      stream.append(0.1 * i, row);
    }
    BOOST_TEST(stream.rows() == 1000U);
    const double bad[1] = {0};
    BOOST_CHECK_THROW(stream.append(0, bad), InputError);
  }
  const hid_t file = H5Fopen(tmp.path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  BOOST_TEST((dims_of(file, "/tc/values") == std::vector<hsize_t>{1000, 2}));
  const auto v = doubles_of(file, "/tc/values");
  BOOST_TEST(v[2 * 999 + 1] == 1998.0);
  BOOST_TEST(doubles_of(file, "/tc/time").at(10) == 1.0);
  H5Fclose(file);
}

BOOST_AUTO_TEST_CASE(refuses_bad_targets) {
  const TempFile tmp("ergon_log_bad");
  std::ofstream(tmp.path) << "not hdf5";
  BOOST_CHECK_THROW(ResultLog::open(tmp.path, OpenMode::append), InputError);
  BOOST_CHECK_THROW(ResultLog::open(fs::temp_directory_path(), OpenMode::truncate), InputError);
  BOOST_CHECK_THROW(ResultLog::open("/nonexistent-dir/x.h5", OpenMode::truncate), InputError);
  auto log = ResultLog::open(tmp.path, OpenMode::truncate);
  log.close();
  BOOST_CHECK_THROW(log.create_group("x", "table"), InputError);
}

BOOST_AUTO_TEST_CASE(a_second_process_cannot_write_the_same_file) {
  const TempFile tmp("ergon_log_lock");
  auto log = ResultLog::open(tmp.path, OpenMode::truncate);
  const pid_t child = fork();
  if (child == 0) {
    int code = 0;
    try {
      ResultLog::open(tmp.path, OpenMode::append);
    } catch (const InputError& e) {
      code = std::string(e.what()).find("another process") != std::string::npos ? 42 : 1;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(child, &status, 0);
  BOOST_TEST(WEXITSTATUS(status) == 42);
}
