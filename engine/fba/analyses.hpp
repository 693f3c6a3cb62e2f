#pragma once
// All flux-balance analyses (COBREXA-style front ends), one header each; include this for all.

#include "engine/fba/deletions.hpp"
#include "engine/fba/fba.hpp"
#include "engine/fba/fva.hpp"
#include "engine/fba/pfba.hpp"
#include "engine/fba/yield.hpp"
