// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// CrashFileSystem: an in-memory FileSystem that loses power on request. The
// library's MemoryFileSystem is one (the conformance shim crashes world
// devices with it); the name says what the tests use it for.
#pragma once

#include "imref/filesystem.h"

namespace imref::test {

using CrashFileSystem = MemoryFileSystem;

}  // namespace imref::test
