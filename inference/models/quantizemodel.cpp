#include "inference/models/quantizemodel.h"

#include "inference/cpu/matmul.h"
#include "inference/cpu/quantize.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"

#include <algorithm>
#include <array>

namespace qiusuo::models {
namespace {

using gguf::GgmlType;

struct FileType {
    std::string_view name;
    std::uint32_t llamaFtype;  ///< general.file_type: llama.cpp's llama_ftype, never changes meaning
    GgmlType base;             ///< the type of most matrices
    GgmlType moreBits;         ///< attn_v / ffn_down on the layers that keep more bits
    GgmlType output;           ///< output.weight
};

constexpr std::array<FileType, 5> kFileTypes = {{
    {"Q8_0", 7, GgmlType::Q8_0, GgmlType::Q8_0, GgmlType::Q8_0},
    {"Q4_0", 2, GgmlType::Q4_0, GgmlType::Q4_0, GgmlType::Q6_K},
    {"Q4_K_M", 15, GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q6_K},
    {"Q5_K_M", 17, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q6_K},
    {"Q6_K", 18, GgmlType::Q6_K, GgmlType::Q6_K, GgmlType::Q6_K},
}};

const FileType& fileTypeNamed(std::string_view name)
{
    for (const FileType& t : kFileTypes) {
        if (std::equal(t.name.begin(), t.name.end(), name.begin(), name.end(),
                       [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); }))
            return t;
    }
    std::string names;
    for (const FileType& t : kFileTypes)
        names += (names.empty() ? "" : ", ") + std::string(t.name);
    throw Error("cannot quantize to '" + std::string(name) + "'; choose one of " + names);
}

/// llama.cpp's use_more_bits: the first and last eighth of the layers and
/// every third layer between.
bool useMoreBits(std::int32_t layer, std::int32_t layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

/// The layer number in "blk.N.…", or -1.
std::int32_t layerOf(std::string_view name)
{
    if (!name.starts_with("blk."))
        return -1;
    std::int32_t layer = 0;
    std::size_t i = 4;
    for (; i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i)
        layer = layer * 10 + (name[i] - '0');
    return i > 4 ? layer : -1;
}

/// K-quants need whole 256-value rows; llama.cpp falls back as here.
GgmlType fitRow(GgmlType type, std::uint64_t rowLength)
{
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(type));
    if (rowLength % traits->blockSize == 0)
        return type;
    if (type == GgmlType::Q4_K)
        return GgmlType::Q5_0;
    if (rowLength % 32 == 0)
        return GgmlType::Q8_0;
    return GgmlType::F16;
}

} // namespace

std::vector<std::string> quantizeTypeNames()
{
    std::vector<std::string> names;
    for (const FileType& t : kFileTypes)
        names.emplace_back(t.name);
    return names;
}

GgmlType quantizedTensorType(std::string_view fileType, std::string_view name, std::uint64_t rowLength,
                             int dimensions, std::int32_t layerCount)
{
    const FileType& ft = fileTypeNamed(fileType);
    if (dimensions < 2)
        return GgmlType::F32;
    if (name == "output.weight")
        return fitRow(ft.output, rowLength);
    const bool moreBitsTensor = name.ends_with(".attn_v.weight") || name.ends_with(".ffn_down.weight");
    const std::int32_t layer = layerOf(name);
    if (moreBitsTensor && layer >= 0 && useMoreBits(layer, layerCount))
        return fitRow(ft.moreBits, rowLength);
    return fitRow(ft.base, rowLength);
}

void quantizeModel(const std::filesystem::path& input, const std::filesystem::path& output,
                   std::string_view fileType,
                   const std::function<void(const std::string&, std::size_t, std::size_t)>& progress)
{
    const FileType& ft = fileTypeNamed(fileType);
    const auto file = gguf::GgufFile::open(input);
    const std::string arch = file->architecture();
    const std::int32_t layers = static_cast<std::int32_t>(file->getInt(arch + ".block_count").value_or(0));

    gguf::GgufWriter writer;
    for (const auto& [key, value] : file->metadata()) {
        if (key != "general.alignment")
            writer.set(key, value);
    }
    writer.set("general.file_type", gguf::Value::ofUint32(ft.llamaFtype));
    writer.set("general.quantization_version", gguf::Value::ofUint32(2));

    const auto& tensors = file->tensors();
    std::vector<float> row;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const gguf::TensorInfo& t = tensors[i];
        if (progress)
            progress(t.name, i, tensors.size());
        if (t.type != GgmlType::F32 && t.type != GgmlType::F16 && t.type != GgmlType::BF16) {
            throw Error(input.filename().string() + " is already quantized (tensor " + t.name + " is "
                        + std::string(gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t.type))->name)
                        + "); quantize from an F32, F16 or BF16 file, since re-quantizing loses quality");
        }
        const std::uint64_t rowLength = t.dims[0];
        const GgmlType target = quantizedTensorType(ft.name, t.name, rowLength, static_cast<int>(t.dims.size()), layers);
        const std::uint64_t rows = t.elementCount() / rowLength;
        const auto srcTraits = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t.type));
        const auto dstTraits = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(target));
        const std::uint64_t srcRowBytes = rowLength * srcTraits.typeSize;
        const std::uint64_t dstRowBytes = rowLength / dstTraits.blockSize * dstTraits.typeSize;
        std::vector<std::uint8_t> bytes(rows * dstRowBytes);
        row.resize(rowLength);
        for (std::uint64_t r = 0; r < rows; ++r) {
            cpu::dequantizeRow(t.type, t.data + r * srcRowBytes, row.data(), static_cast<std::int64_t>(rowLength));
            cpu::quantizeRow(target, row.data(), bytes.data() + r * dstRowBytes, static_cast<std::int64_t>(rowLength));
        }
        writer.addTensor(t.name, target, t.dims, std::move(bytes));
    }
    writer.write(output);
}

} // namespace qiusuo::models
