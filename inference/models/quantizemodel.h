#pragma once
/// @brief Re-encodes an F32/F16/BF16 GGUF model as Q8_0, Q4_0, Q4_K_M,
/// Q5_K_M or Q6_K with llama.cpp's per-tensor mix, so the files load in
/// llama.cpp as well as here.

#include "inference/gguf/ggmltype.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace qiusuo::models {

/// The file types `quantizeModel` writes ("Q8_0", "Q4_0", "Q4_K_M", "Q5_K_M", "Q6_K").
std::vector<std::string> quantizeTypeNames();

/// The storage type of tensor `name` (its row length `rowLength`, in a model
/// of `layerCount` layers) in a file of `fileType`: llama.cpp's choice.
/// One-dimensional tensors (norms, biases, rope factors) stay F32; the output
/// matrix keeps Q6_K in the 4- and 5-bit mixes; Q4_K_M and Q5_K_M keep Q6_K in
/// attn_v and ffn_down on the first and last eighth of the layers and every
/// third layer between; K-quants fall back to Q5_0/Q8_0 for rows that are
/// not whole 256-value blocks. Throws qiusuo::Error for an unknown fileType.
gguf::GgmlType quantizedTensorType(std::string_view fileType, std::string_view name,
                                   std::uint64_t rowLength, int dimensions, std::int32_t layerCount);

/// Reads `input`, writes `output` in `fileType` (metadata copied,
/// general.file_type and general.quantization_version set). `progress` gets
/// each tensor's name and index. Throws qiusuo::Error with a message for the
/// user: an input that is already quantized, an unknown type, a write error.
void quantizeModel(const std::filesystem::path& input, const std::filesystem::path& output,
                   std::string_view fileType,
                   const std::function<void(const std::string& tensor, std::size_t index, std::size_t count)>&
                       progress = {});

} // namespace qiusuo::models
