#include "inference/gguf/mappedfile.h"

#include "inference/error.h"

#include <cerrno>
#include <cstring>
#include <string>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#define NOMINMAX
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace qiusuo::gguf {

#ifdef _WIN32

namespace {
std::string windowsError()
{
    return "Windows error " + std::to_string(GetLastError());
}
} // namespace

MappedFile::MappedFile(const std::filesystem::path& path)
{
    HANDLE file = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        throw Error("cannot open " + path.string() + ": " + windowsError());
    LARGE_INTEGER size{};
    if (!GetFileSizeEx(file, &size)) {
        const std::string why = windowsError();
        CloseHandle(file);
        throw Error("cannot read the size of " + path.string() + ": " + why);
    }
    fileHandle_ = file;
    size_ = static_cast<std::uint64_t>(size.QuadPart);
    if (size_ == 0)
        return;
    HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (!mapping) {
        const std::string why = windowsError();
        CloseHandle(file);
        throw Error("cannot map " + path.string() + " into memory: " + why);
    }
    mappingHandle_ = mapping;
    data_ = static_cast<const std::uint8_t*>(MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0));
    if (!data_) {
        const std::string why = windowsError();
        CloseHandle(mapping);
        CloseHandle(file);
        throw Error("cannot map " + path.string() + " into memory: " + why);
    }
}

MappedFile::~MappedFile()
{
    if (data_)
        UnmapViewOfFile(data_);
    if (mappingHandle_)
        CloseHandle(mappingHandle_);
    if (fileHandle_)
        CloseHandle(fileHandle_);
}

#else

MappedFile::MappedFile(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error("cannot open " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw Error("cannot read the size of " + path.string() + ": " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path.string() + (S_ISDIR(st.st_mode) ? " is a folder, not a model file" : " is not a regular file"));
    }
    size_ = static_cast<std::uint64_t>(st.st_size);
    if (size_ == 0) {
        ::close(fd);
        return;
    }
    void* p = ::mmap(nullptr, static_cast<std::size_t>(size_), PROT_READ, MAP_SHARED, fd, 0);
    const int err = errno;
    // The mapping keeps its own reference to the file; the descriptor is no longer needed.
    ::close(fd);
    if (p == MAP_FAILED)
        throw Error("cannot map " + path.string() + " into memory: " + std::strerror(err));
    data_ = static_cast<const std::uint8_t*>(p);
}

MappedFile::~MappedFile()
{
    if (data_)
        ::munmap(const_cast<std::uint8_t*>(data_), static_cast<std::size_t>(size_));
}

#endif

} // namespace qiusuo::gguf
