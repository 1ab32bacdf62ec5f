#pragma once
/// @brief Finds a model's tensors in a GGUF file and checks each against the
/// shape the hyper-parameters call for, naming any tensor that is missing,
/// mis-shaped or of a type the engine cannot compute with.
///
/// Matrices stay in the mapping (a WeightView points into it); only small
/// vectors (norm weights, biases, RoPE factors) are copied out as F32.

#include "inference/cpu/matmul.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
struct TensorInfo;
}

namespace qiusuo::models {

class TensorLoader {
public:
    /// `architecture` only words the messages ("a qwen2 model ... needs").
    TensorLoader(const gguf::GgufFile& file, std::string architecture);

    bool has(const std::string& name) const;

    /// A matrix of `rows` rows of `cols` elements (GGUF dims [cols, rows]).
    cpu::WeightView matrix(const std::string& name, std::int64_t cols, std::int64_t rows) const;
    std::optional<cpu::WeightView> optionalMatrix(const std::string& name, std::int64_t cols,
                                                  std::int64_t rows) const;
    /// A stack of `count` such matrices (GGUF dims [cols, rows, count]: a
    /// layer's experts, or heads): the first; matrix i is i · rows · rowBytes
    /// bytes further.
    cpu::WeightView stack(const std::string& name, std::int64_t cols, std::int64_t rows, std::int64_t count) const;

    /// A vector of `n` elements, converted to F32.
    std::vector<float> vector(const std::string& name, std::int64_t n) const;
    /// Empty when the tensor is absent.
    std::vector<float> optionalVector(const std::string& name, std::int64_t n) const;

private:
    const gguf::TensorInfo& require(const std::string& name) const;
    void checkShape(const gguf::TensorInfo& t, const std::vector<std::uint64_t>& expected) const;
    void checkComputable(const gguf::TensorInfo& t) const;
    cpu::WeightView view(const std::string& name, const std::vector<std::uint64_t>& dims, std::int64_t cols,
                         std::int64_t rows) const;

    const gguf::GgufFile& file_;
    std::string arch_;
};

} // namespace qiusuo::models
