#pragma once
// Error policy of the whole code base (read this before adding a throw or a status):
//
//  * Bad input or environment -> an exception derived from ergon::Error. InputError covers
//    unreadable files, malformed or invalid SBML, unknown ids and wrong option values; its
//    message names the file, the element id and what is wrong. The CLI maps it to exit 2.
//  * A computation that cannot deliver what was asked (solver failure, infeasible problem)
//    -> a status in the result (e.g. FbaResult::status), never an exception, so that one bad
//    variant never aborts a screen. A front end that must stop on it throws ComputationError
//    (exit 1), carrying the status text.
//  * A broken invariant of ergon itself -> InternalError (exit 3): a bug to report.
//
// Exit codes (documented in docs/architecture.md and `ergon --help`):
//   0 success, 1 computation failed, 2 bad input or usage, 3 internal error.

#include <optional>
#include <stdexcept>
#include <string>

namespace ergon {

enum class ExitCode : int {
  success = 0,
  computation_failed = 1,
  bad_input = 2,
  internal_error = 3,
};

/// Root of the errors caused by input or environment. what() is one line, user-facing.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  [[nodiscard]] virtual ExitCode exit_code() const noexcept = 0;
};

/// Where in the input a problem sits. Every field is optional; format() joins the known ones.
struct InputLocation {
  std::string file;
  std::string element_id;
  unsigned line = 0;  ///< 1-based; 0 = unknown

  [[nodiscard]] std::string format() const;
};

/// Bad input: unreadable or invalid file, unknown id, wrong option value. Exit 2.
class InputError : public Error {
 public:
  InputError(InputLocation where, const std::string& what);
  explicit InputError(const std::string& what) : InputError(InputLocation{}, what) {}
  [[nodiscard]] ExitCode exit_code() const noexcept override { return ExitCode::bad_input; }
  [[nodiscard]] const InputLocation& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  InputLocation where_;
  std::string reason_;
};

/// A computation that had to stop (solver failure, time budget) where the caller asked to
/// treat a bad status as fatal. Exit 1.
class ComputationError : public Error {
 public:
  explicit ComputationError(const std::string& what) : Error(what) {}
  [[nodiscard]] ExitCode exit_code() const noexcept override {
    return ExitCode::computation_failed;
  }
};

/// A broken invariant inside ergon: never the user's fault. Exit 3.
class InternalError : public std::logic_error {
 public:
  explicit InternalError(const std::string& what) : std::logic_error("internal error: " + what) {}
};

}  // namespace ergon
