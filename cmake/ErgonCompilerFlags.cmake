# Warnings and sanitizers for ergon's own targets only (third-party headers are SYSTEM includes).
add_library(ergon_warnings INTERFACE)
target_compile_options(ergon_warnings INTERFACE
  $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  # GCC 12 flags members left out of designated initialisers even when they have defaults,
  # which is exactly how option structs are meant to be used (STYLE.md).
  -Wno-missing-field-initializers>)

if(ERGON_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# ThreadSanitizer: data races in the thread pools (FBA sweeps, screens, neuro workers).
if(ERGON_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
