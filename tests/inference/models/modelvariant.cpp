#include "modelvariant.h"

#include <gtest/gtest.h>

namespace qiusuo::test {

std::filesystem::path writeVariant(const std::filesystem::path& source, const std::string& name,
                                   const std::function<bool(const gguf::TensorInfo&)>& keepTensor,
                                   const std::function<void(gguf::GgufWriter&, const gguf::GgufFile&)>& edit)
{
    const auto file = gguf::GgufFile::open(source);
    gguf::GgufWriter w;
    for (const auto& [key, value] : file->metadata())
        if (key != "general.alignment")
            w.set(key, value);
    if (file->alignment() != 32)
        w.setAlignment(file->alignment());
    for (const gguf::TensorInfo& t : file->tensors())
        if (!keepTensor || keepTensor(t))
            w.addTensor(t.name, t.type, t.dims, std::span<const std::uint8_t>(t.data, t.nbytes));
    if (edit)
        edit(w, *file);
    const auto dir = std::filesystem::path(testing::TempDir()) / "qiusuo_models_tests";
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    w.write(path);
    return path;
}

} // namespace qiusuo::test
