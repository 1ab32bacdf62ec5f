#include "inference/models/tensorloader.h"

#include "inference/error.h"
#include "inference/gguf/gguffile.h"

#include <sstream>

namespace qiusuo::models {

namespace {

std::string shapeText(const std::vector<std::uint64_t>& dims)
{
    std::ostringstream out;
    out << '[';
    for (std::size_t i = 0; i < dims.size(); ++i)
        out << (i ? ", " : "") << dims[i];
    out << ']';
    return out.str();
}

} // namespace

TensorLoader::TensorLoader(const gguf::GgufFile& file, std::string architecture)
    : file_(file), arch_(std::move(architecture))
{
}

bool TensorLoader::has(const std::string& name) const
{
    return file_.findTensor(name) != nullptr;
}

const gguf::TensorInfo& TensorLoader::require(const std::string& name) const
{
    const gguf::TensorInfo* t = file_.findTensor(name);
    if (!t)
        throw Error("the model file " + file_.path().filename().string() + " lacks the tensor " +
                    name + " that a " + arch_ + " model needs; the file is incomplete or damaged");
    return *t;
}

void TensorLoader::checkShape(const gguf::TensorInfo& t, const std::vector<std::uint64_t>& expected) const
{
    // GGUF writers may keep trailing dimensions of size 1; they change nothing.
    std::vector<std::uint64_t> dims = t.dims;
    while (dims.size() > expected.size() && dims.back() == 1)
        dims.pop_back();
    if (dims != expected)
        throw Error("the tensor " + t.name + " in " + file_.path().filename().string() +
                    " has the shape " + shapeText(t.dims) + ", but the model's settings call for " +
                    shapeText(expected) + "; the file is inconsistent");
}

void TensorLoader::checkComputable(const gguf::TensorInfo& t) const
{
    if (!gguf::isSupportedForCompute(t.type)) {
        const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t.type));
        const std::string typeName = traits ? std::string(traits->name) : "unknown";
        throw Error("the tensor " + t.name + " in " + file_.path().filename().string() +
                    " has the type " + typeName +
                    ", which Qiusuo cannot compute with (it runs F32, F16, BF16, Q8_0, Q4_0, "
                    "Q5_0, Q4_K, Q5_K and Q6_K)");
    }
}

cpu::WeightView TensorLoader::view(const std::string& name, const std::vector<std::uint64_t>& dims,
                                   std::int64_t cols, std::int64_t rows) const
{
    const gguf::TensorInfo& t = require(name);
    checkShape(t, dims);
    checkComputable(t);
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t.type));
    if (cols % traits->blockSize != 0)
        throw Error("the tensor " + name + " has rows of " + std::to_string(cols) +
                    " elements, not a whole number of " + std::string(traits->name) + " blocks");
    cpu::WeightView w;
    w.type = t.type;
    w.data = t.data;
    w.rows = rows;
    w.cols = cols;
    w.rowBytes = static_cast<std::size_t>(cols / traits->blockSize) * traits->typeSize;
    return w;
}

cpu::WeightView TensorLoader::matrix(const std::string& name, std::int64_t cols, std::int64_t rows) const
{
    return view(name, {static_cast<std::uint64_t>(cols), static_cast<std::uint64_t>(rows)}, cols, rows);
}

cpu::WeightView TensorLoader::stack(const std::string& name, std::int64_t cols, std::int64_t rows,
                                    std::int64_t count) const
{
    return view(name,
                {static_cast<std::uint64_t>(cols), static_cast<std::uint64_t>(rows), static_cast<std::uint64_t>(count)},
                cols, rows);
}

std::optional<cpu::WeightView> TensorLoader::optionalMatrix(const std::string& name, std::int64_t cols,
                                                            std::int64_t rows) const
{
    if (!has(name))
        return std::nullopt;
    return matrix(name, cols, rows);
}

std::vector<float> TensorLoader::vector(const std::string& name, std::int64_t n) const
{
    const gguf::TensorInfo& t = require(name);
    checkShape(t, {static_cast<std::uint64_t>(n)});
    checkComputable(t);
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t.type));
    if (n % traits->blockSize != 0)
        throw Error("the tensor " + name + " has " + std::to_string(n) +
                    " elements, not a whole number of " + std::string(traits->name) + " blocks");
    std::vector<float> out(static_cast<std::size_t>(n));
    cpu::dequantizeRow(t.type, t.data, out.data(), n);
    return out;
}

std::vector<float> TensorLoader::optionalVector(const std::string& name, std::int64_t n) const
{
    if (!has(name))
        return {};
    return vector(name, n);
}

} // namespace qiusuo::models
