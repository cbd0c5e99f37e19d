#include "base/private_files.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>

namespace sb {

std::error_code CreatePrivateDirectories(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty()) return std::make_error_code(std::errc::invalid_argument);
  if (fs::is_directory(path, ec)) return {};
  // Parents first, each created 0700 when missing; an existing one is left as it is.
  const fs::path parent = fs::path(path).lexically_normal().parent_path();
  if (!parent.empty() && parent != fs::path(path).lexically_normal() &&
      !fs::is_directory(parent, ec)) {
    if (std::error_code up = CreatePrivateDirectories(parent.string())) return up;
  }
  // mkdir applies the umask, which can only clear bits: 0700 stays 0700 unless the umask
  // removes the owner's bits, which chmod restores.
  if (::mkdir(path.c_str(), kPrivateDirMode) != 0) {
    if (errno == EEXIST && fs::is_directory(path, ec)) return {};  // created meanwhile
    return std::error_code(errno, std::generic_category());
  }
  if (::chmod(path.c_str(), kPrivateDirMode) != 0) {
    return std::error_code(errno, std::generic_category());
  }
  return {};
}

}  // namespace sb
