#pragma once
/// @brief gen-model's tensor plan: every tensor of a generated model with its
/// name, shape, storage type and how it is filled, in file order, for the
/// qwen2, llama and deepseek2 layouts. The per-tensor types of each file
/// type follow llama.cpp's (Q4_K_M's mix included), so a generated file
/// has the tensor types of a real one.

#include "inference/gguf/ggmltype.h"
#include "inference/models/genmodel.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::models {

/// How a tensor's values are made.
enum class GenModelFill {
    Random,     ///< random weights of spread kGenModelWeightScale
    Ones,       ///< norms
    RopeFreqs,  ///< llama3's RoPE frequency divisors
};

struct GenModelTensor {
    std::string name;
    std::vector<std::uint64_t> dims;
    gguf::GgmlType type;
    GenModelFill fill;
};

/// A file type gen-model writes.
struct GenModelFileType {
    std::string_view name;       ///< as gen-model spells it
    std::string_view label;      ///< as llama.cpp names the file type
    std::uint32_t ggufFileType;  ///< general.file_type (llama_ftype)
};

/// The file type named `name`; throws qiusuo::Error listing the known ones.
const GenModelFileType& genModelFileType(const std::string& name);

/// Every tensor of `shape` stored as file type `type`, in file order.
std::vector<GenModelTensor> planGenModelTensors(const GenModelShape& shape, const std::string& type);

} // namespace qiusuo::models
