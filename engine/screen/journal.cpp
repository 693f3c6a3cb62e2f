#include "engine/screen/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "engine/core/error.hpp"

namespace ergon::screen {
namespace {

std::uint32_t crc32(const std::string& text) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1U) : c >> 1U;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFU;
  for (const unsigned char ch : text) c = table[(c ^ ch) & 0xFFU] ^ (c >> 8U);
  return c ^ 0xFFFFFFFFU;
}

std::string header(const std::string& fingerprint, std::size_t tasks, std::size_t readouts) {
  return "ergon-screen-journal 1 " + fingerprint + " " + std::to_string(tasks) + " " +
         std::to_string(readouts) + "\n";
}

std::string record(const TaskResult& r) {
  std::string body = std::to_string(r.index) + " " + std::to_string(static_cast<int>(r.status));
  char number[40];
  for (const double v : r.values) {
    std::snprintf(number, sizeof number, " %.17g", v);
    body += number;
  }
  char tail[16];
  std::snprintf(tail, sizeof tail, " *%08x\n", crc32(body));
  return body + tail;
}

// Parses one record line (without '\n'); nullopt if its checksum or shape is wrong.
std::optional<TaskResult> parse(const std::string& line, std::size_t readouts) {
  const auto star = line.rfind(" *");
  if (star == std::string::npos) return std::nullopt;
  const std::string body = line.substr(0, star);
  unsigned crc = 0;
  if (std::sscanf(line.c_str() + star + 2, "%8x", &crc) != 1 || crc != crc32(body))
    return std::nullopt;
  std::istringstream in(body);
  TaskResult r;
  int status = 0;
  if (!(in >> r.index >> status) || status < 0 || status > kLastTaskStatus) {
    return std::nullopt;
  }
  r.status = static_cast<TaskStatus>(status);
  std::string token;
  while (in >> token) r.values.push_back(std::strtod(token.c_str(), nullptr));
  if (r.values.size() != readouts) return std::nullopt;
  return r;
}

bool same(const TaskResult& a, const TaskResult& b) {
  if (a.status != b.status || a.values.size() != b.values.size()) return false;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (!(a.values[i] == b.values[i] || (std::isnan(a.values[i]) && std::isnan(b.values[i]))))
      return false;
  }
  return true;
}

}  // namespace

JournalContents read_journal(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({.file = path.string()}, "cannot read the screen journal");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  JournalContents out;
  const auto first_newline = text.find('\n');
  std::istringstream head(text.substr(0, first_newline));
  std::string magic;
  int version = 0;
  if (first_newline == std::string::npos ||
      !(head >> magic >> version >> out.fingerprint >> out.tasks >> out.readouts) ||
      magic != "ergon-screen-journal" || version != 1) {
    throw InputError({.file = path.string(), .line = 1},
                     "not an ergon screen journal (bad header)");
  }
  std::size_t pos = first_newline + 1;
  unsigned line_number = 1;
  while (pos < text.size()) {
    ++line_number;
    const auto end = text.find('\n', pos);
    if (end == std::string::npos) {  // a record cut off by a killed writer
      out.torn_bytes = text.size() - pos;
      break;
    }
    const auto r = parse(text.substr(pos, end - pos), out.readouts);
    if (!r || r->index >= out.tasks) {
      throw InputError({.file = path.string(), .line = line_number},
                       "corrupt screen journal record");
    }
    const auto [it, inserted] = out.done.emplace(r->index, *r);
    if (!inserted && !same(it->second, *r)) {
      throw InputError(
          {.file = path.string(), .line = line_number},
          "task " + std::to_string(r->index) + " recorded twice with different results");
    }
    pos = end + 1;
  }
  return out;
}

Journal Journal::open(const std::filesystem::path& path, const std::string& fingerprint,
                      std::size_t tasks, std::size_t readouts) {
  Journal j;
  j.path_ = path;
  const InputLocation where{.file = path.string()};
  const bool exists = std::filesystem::exists(path) && std::filesystem::file_size(path) > 0;
  if (exists) {
    auto contents = read_journal(path);
    if (contents.fingerprint != fingerprint || contents.tasks != tasks ||
        contents.readouts != readouts) {
      throw InputError(where,
                       "journal belongs to a different screen (spec, models or edits changed); "
                       "remove it or choose another output name");
    }
    j.done_ = std::move(contents.done);
    if (contents.torn_bytes > 0) {
      std::filesystem::resize_file(path, std::filesystem::file_size(path) - contents.torn_bytes);
    }
  }
  j.fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (j.fd_ < 0)
    throw InputError(where, std::string("cannot open the screen journal: ") + std::strerror(errno));
  if (::flock(j.fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(j.fd_);
    j.fd_ = -1;
    throw InputError(where, "another process is running this screen (journal locked)");
  }
  if (!exists) {
    const auto h = header(fingerprint, tasks, readouts);
    if (::write(j.fd_, h.data(), h.size()) != static_cast<ssize_t>(h.size())) {
      throw ComputationError("cannot write the screen journal " + path.string());
    }
  }
  return j;
}

Journal::Journal(Journal&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      done_(std::move(other.done_)) {}
Journal& Journal::operator=(Journal&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    done_ = std::move(other.done_);
  }
  return *this;
}
Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(const TaskResult& result) {
  const auto line = record(result);
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    throw ComputationError("cannot append to the screen journal " + path_.string() + ": " +
                           std::strerror(errno));
  }
  done_[result.index] = result;
}

}  // namespace ergon::screen
