// libFuzzer target for the GGUF reader. Any input must either open or throw
// qiusuo::Error; never crash, hang or read outside the buffer (ASan, UBSan).
// What opens must also survive a trip through the writer: rewriting it gives
// a file that opens and rewrites to the very same bytes.
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"

#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <span>
#include <vector>

using qiusuo::gguf::GgufFile;
using qiusuo::gguf::GgufWriter;

namespace {

std::vector<std::uint8_t> rewrite(const GgufFile& f)
{
    GgufWriter w;
    w.setVersion(f.version());
    for (const auto& [key, value] : f.metadata())
        w.set(key, value);
    for (const auto& t : f.tensors())
        w.addTensor(t.name, t.type, t.dims, std::span<const std::uint8_t>(t.data, t.nbytes));
    return w.serialize();
}

[[noreturn]] void invariantBroken(const char* what)
{
    std::fprintf(stderr, "GGUF fuzz invariant broken: %s\n", what);
    std::abort();
}

/// Reads every accessor so that a bad pointer or length shows up here.
std::uint64_t touchEverything(const GgufFile& f)
{
    std::uint64_t sum = f.version() + f.alignment() + f.architecture().size();
    for (const auto& [key, value] : f.metadata()) {
        if (f.find(key) == nullptr)
            invariantBroken("a metadata key cannot be found");
        sum += key.size() + static_cast<std::uint64_t>(value.asInt().value_or(0));
        if (const auto* s = value.asString())
            sum += s->size();
        if (const auto* a = value.asArray()) {
            // Items of numbers and strings are read from the file on access.
            sum += a->items.size();
            for (std::size_t i = 0; i < a->items.size(); ++i)
                sum += a->items.stringAt(i).size() + static_cast<std::uint64_t>(a->items.intAt(i).value_or(0));
        }
    }
    for (const auto& t : f.tensors()) {
        if (f.findTensor(t.name) != &t)
            invariantBroken("a tensor cannot be found by its name");
        if (t.nbytes == 0 || t.data == nullptr)
            invariantBroken("a tensor without data");
        sum += t.data[0] + t.data[t.nbytes - 1] + t.elementCount();
        try {
            f.checkComputeSupport(t);
        } catch (const qiusuo::Error&) {
            ++sum;
        }
    }
    return sum;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::unique_ptr<GgufFile> f;
    try {
        f = GgufFile::fromBuffer(std::vector<std::uint8_t>(data, data + size), "fuzz.gguf");
    } catch (const qiusuo::Error&) {
        return 0;  // refused with a message: the expected outcome for most inputs
    }
    volatile std::uint64_t sink = touchEverything(*f);
    (void)sink;
    try {
        const auto once = rewrite(*f);
        const auto reread = GgufFile::fromBuffer(once, "rewritten.gguf");
        if (reread->metadata().size() != f->metadata().size() || reread->tensors().size() != f->tensors().size())
            invariantBroken("the rewritten file has different contents");
        if (rewrite(*reread) != once)
            invariantBroken("rewriting is not stable");
    } catch (const qiusuo::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        invariantBroken("a file that opened could not be rewritten and reopened");
    }
    return 0;
}
