#pragma once
/// @brief Writes a modified copy of a GGUF model (metadata and tensors), for
/// tests of how loading reacts to broken or unusual files.

#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"

#include <filesystem>
#include <functional>
#include <string>

namespace qiusuo::test {

/// Copies `source` into a writer, except tensors for which `keepTensor`
/// returns false; `edit` then changes what it likes; the result is written
/// under the test's temporary folder as `name` and its path returned.
std::filesystem::path writeVariant(const std::filesystem::path& source, const std::string& name,
                                   const std::function<bool(const gguf::TensorInfo&)>& keepTensor,
                                   const std::function<void(gguf::GgufWriter&, const gguf::GgufFile&)>& edit);

} // namespace qiusuo::test
