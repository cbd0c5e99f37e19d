// Private files: what streamboard writes to disk (the engine's SQLite files, the trigger's
// checkpoint and on-failure files, `up`'s data directory) may hold users' data, so new
// directories are created 0700 and new files 0600, whatever the process umask. Existing
// directories and files keep their modes. Thread-safe (plain system calls).
#pragma once

#include <sys/types.h>

#include <string>
#include <system_error>

namespace sb {

inline constexpr mode_t kPrivateDirMode = 0700;
inline constexpr mode_t kPrivateFileMode = 0600;

// Creates `path` and any missing parents, each new one with mode 0700 (like mkdir -p -m 0700,
// which gives the mode to the parents too). An empty error when `path` ends up a directory.
std::error_code CreatePrivateDirectories(const std::string& path);

}  // namespace sb
