// The committed fuzz seed corpus is exactly what the writer produces today
// (so it stays in step with the format code, and the writer stays
// deterministic across builds). QIUSUO_REGENERATE_CORPUS=1 rewrites it.
#include "inference/error.h"
#include "tests/fuzz/ggufcorpus.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace {

const std::filesystem::path kCorpusDir = std::filesystem::path(QIUSUO_SOURCE_DIR) / "tests/data/gguf/corpus";

std::vector<std::uint8_t> readAll(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST(GgufCorpusTest, CommittedCorpusMatchesTheWriter)
{
    const auto corpus = qiusuo::test::ggufCorpus();
    if (const char* regen = std::getenv("QIUSUO_REGENERATE_CORPUS"); regen && *regen == '1') {
        std::filesystem::create_directories(kCorpusDir);
        for (const auto& [name, bytes] : corpus)
            std::ofstream(kCorpusDir / name, std::ios::binary)
                .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
    std::uintmax_t total = 0;
    for (const auto& [name, bytes] : corpus) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(std::filesystem::exists(kCorpusDir / name))
            << "run this test with QIUSUO_REGENERATE_CORPUS=1 to write the corpus";
        EXPECT_TRUE(readAll(kCorpusDir / name) == bytes) << "the writer's output changed: regenerate the corpus";
        total += bytes.size();
    }
    EXPECT_LT(total, 200u * 1024u);
}

TEST(GgufCorpusTest, ValidSeedsOpenAndBrokenSeedsAreRefused)
{
    for (const auto& [name, bytes] : qiusuo::test::ggufCorpus()) {
        SCOPED_TRACE(name);
        const bool broken = name.rfind("broken-", 0) == 0;
        if (broken) {
            EXPECT_THROW(qiusuo::gguf::GgufFile::fromBuffer(bytes, name), qiusuo::Error);
        } else {
            const auto f = qiusuo::gguf::GgufFile::fromBuffer(bytes, name);
            EXPECT_EQ(f->fileSize(), bytes.size());
        }
    }
}
