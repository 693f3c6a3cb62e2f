# Every third-party library comes from a Debian 12 package; nothing is vendored or downloaded.
# Each one is linked PRIVATE by exactly one module (see docs/architecture.md).
find_package(PkgConfig REQUIRED)

find_package(SUNDIALS 6 REQUIRED COMPONENTS
  cvode cvodes ida kinsol nvecserial sunmatrixdense sunmatrixsparse sunlinsoldense sunlinsolklu)
pkg_check_modules(LIBSBML REQUIRED IMPORTED_TARGET libsbml)   # Debian's sbml-config.cmake is not on CMake's search path
find_package(GLPK REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C CXX)
# The C++ build of Lua raises errors as C++ exceptions, so a Lua error unwinds binding code
# with its destructors instead of longjmp-ing over them.
pkg_check_modules(LUA REQUIRED IMPORTED_TARGET lua5.4-c++)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
if(ERGON_BUILD_TESTS)
  find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
endif()
if(ERGON_WITH_MPI)
  find_package(MPI REQUIRED COMPONENTS C)
endif()

# HDF5's FindModule gives variables, not a target: wrap them once.
if(NOT TARGET ergon_hdf5)
  add_library(ergon_hdf5 INTERFACE)
  target_include_directories(ergon_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
  target_link_libraries(ergon_hdf5 INTERFACE ${HDF5_LIBRARIES} ${HDF5_CXX_LIBRARIES})
  target_compile_definitions(ergon_hdf5 INTERFACE ${HDF5_DEFINITIONS})
endif()
