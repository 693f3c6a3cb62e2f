// ergon.progress(total, label): a progress bar on stderr with rate and ETA. Silent when
// stderr is not a terminal or the run is --quiet, so batch logs stay clean.

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "scripting/lua/binding.hpp"
#include "scripting/lua/modules.hpp"
#include "scripting/lua/script_context.hpp"

namespace ergon::scripting {
namespace {

using Clock = std::chrono::steady_clock;

struct Progress {
  static constexpr const char* kLuaType = "ergon.Progress";
  double total = 0;
  double done = 0;
  std::string label;
  bool visible = false;
  bool finished = false;
  Clock::time_point start = Clock::now();
  Clock::time_point last_draw{};

  void draw(bool force) {
    if (!visible) return;
    const auto now = Clock::now();
    if (!force && now - last_draw < std::chrono::milliseconds(100)) return;
    last_draw = now;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    const double fraction = total > 0 ? std::min(done / total, 1.0) : 0.0;
    const double rate = elapsed > 0 ? done / elapsed : 0.0;
    const double eta = rate > 0 ? (total - done) / rate : 0.0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '-');
    std::fprintf(stderr, "\r%s [%s] %.0f/%.0f  %.1f/s  ETA %.0fs ", label.c_str(), bar.c_str(),
                 done, total, rate, eta);
    std::fflush(stderr);
  }
};

int progress_new(lua_State* L) {
  return guarded(L, [L] {
    Progress p;
    p.total = check_number(L, 1, "ergon.progress", "total");
    if (!(p.total >= 0) || !std::isfinite(p.total)) {
      throw LuaArgumentError("ergon.progress: total must be a finite number >= 0");
    }
    p.label = opt_string(L, 2, "ergon.progress", "label").value_or("");
    p.visible = !script_context(L).quiet && isatty(STDERR_FILENO) != 0;
    new_userdata(L, std::move(p)).draw(true);
    return 1;
  });
}

// p:step([n]) advances by n (default 1).
int progress_step(lua_State* L) {
  return guarded(L, [L] {
    auto& p = check_userdata<Progress>(L, 1, "Progress:step");
    p.done += lua_isnoneornil(L, 2) ? 1.0 : check_number(L, 2, "Progress:step", "n");
    p.draw(false);
    return 0;
  });
}

// p:update(done) sets the count.
int progress_update(lua_State* L) {
  return guarded(L, [L] {
    auto& p = check_userdata<Progress>(L, 1, "Progress:update");
    p.done = check_number(L, 2, "Progress:update", "done");
    p.draw(false);
    return 0;
  });
}

int progress_done(lua_State* L) {
  return guarded(L, [L] {
    auto& p = check_userdata<Progress>(L, 1, "Progress:done");
    if (!p.finished) {
      p.draw(true);
      if (p.visible) std::fputc('\n', stderr);
      p.finished = true;
    }
    return 0;
  });
}

}  // namespace

void register_progress(lua_State* L) {
  static const luaL_Reg methods[] = {{"step", progress_step},
                                     {"update", progress_update},
                                     {"done", progress_done},
                                     {nullptr, nullptr}};
  register_type<Progress>(L, methods);
  lua_pushcfunction(L, progress_new);
  lua_setfield(L, -2, "progress");
}

}  // namespace ergon::scripting
