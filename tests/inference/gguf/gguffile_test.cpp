// GgufFile on the reference models in ../shared/testdata: the metadata and
// tensor table must match what llama.cpp's tools recorded about them
// (metadata_keys.txt, tensor_types.txt, <model>.config.json).
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "tests/testdata.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

using qiusuo::gguf::GgmlType;
using qiusuo::gguf::GgufFile;
using qiusuo::gguf::ValueType;

namespace {

/// tensor_types.txt: "## <file>" then "  blk.N.x.weight: Q4_Kx1, Q6_Kx1" lines.
/// Returns, for one file, pattern -> {type name -> count}.
std::map<std::string, std::map<std::string, int>> readTensorTypes(const std::filesystem::path& list,
                                                                  const std::string& file)
{
    std::ifstream in(list);
    std::map<std::string, std::map<std::string, int>> out;
    std::string line;
    bool inFile = false;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) {
            inFile = line.substr(3) == file;
            continue;
        }
        if (!inFile)
            continue;
        const auto colon = line.find(": ");
        const std::string pattern = line.substr(2, colon - 2);
        std::stringstream types(line.substr(colon + 2));
        std::string item;
        while (std::getline(types, item, ',')) {
            item.erase(0, item.find_first_not_of(' '));
            const auto x = item.rfind('x');
            out[pattern][item.substr(0, x)] += std::stoi(item.substr(x + 1));
        }
    }
    return out;
}

/// Groups the file's tensors like tensor_types.txt does (layer number -> N).
std::map<std::string, std::map<std::string, int>> groupTensorTypes(const GgufFile& f)
{
    std::map<std::string, std::map<std::string, int>> out;
    const std::regex layer(R"(^blk\.\d+\.)");
    for (const auto& t : f.tensors())
        out[std::regex_replace(t.name, layer, "blk.N.")][std::string(qiusuo::gguf::ggmlTypeName(t.type))]++;
    return out;
}

void expectTypesMatchList(const std::string& file)
{
    const auto list = qiusuo::test::testdataFile("models/tensor_types.txt");
    const auto model = qiusuo::test::testdataFile("models/" + file);
    if (list.empty() || model.empty())
        GTEST_SKIP() << "reference data models/" << file << " or tensor_types.txt not found under "
                     << qiusuo::test::testdataDir();
    const auto expected = readTensorTypes(list, file);
    ASSERT_FALSE(expected.empty()) << file << " is not listed in tensor_types.txt";
    const auto f = GgufFile::open(model);
    EXPECT_EQ(groupTensorTypes(*f), expected) << file;
}

} // namespace

TEST(GgufFileTest, OpensTinyQwen2AndReadsItsMetadata)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2.gguf");
    const auto f = GgufFile::open(path);
    EXPECT_EQ(f->version(), 3u);
    EXPECT_EQ(f->alignment(), 32u);
    EXPECT_EQ(f->fileSize(), std::filesystem::file_size(path));
    EXPECT_EQ(f->architecture(), "qwen2");
    EXPECT_EQ(f->getString("general.name"), "tiny-qwen2");
    EXPECT_EQ(f->getInt("general.file_type"), 0);
    // From tiny-qwen2.gguf.config.json.
    EXPECT_EQ(f->getInt("qwen2.context_length"), 512);
    EXPECT_EQ(f->getInt("qwen2.embedding_length"), 256);
    EXPECT_EQ(f->getInt("qwen2.block_count"), 2);
    EXPECT_EQ(f->getInt("qwen2.feed_forward_length"), 512);
    EXPECT_EQ(f->getInt("qwen2.attention.head_count"), 4);
    EXPECT_EQ(f->getInt("qwen2.attention.head_count_kv"), 2);
    EXPECT_EQ(f->getFloat("qwen2.rope.freq_base"), 1000000.0);
    EXPECT_FLOAT_EQ(static_cast<float>(*f->getFloat("qwen2.attention.layer_norm_rms_epsilon")), 1e-6f);
    EXPECT_EQ(f->getString("tokenizer.ggml.pre"), "deepseek-r1-qwen");
    EXPECT_EQ(f->getInt("tokenizer.ggml.bos_token_id"), 311);
    EXPECT_EQ(f->getInt("tokenizer.ggml.eos_token_id"), 312);
    EXPECT_EQ(f->getBool("tokenizer.ggml.add_bos_token"), true);
    EXPECT_EQ(f->getBool("tokenizer.ggml.add_eos_token"), false);
    EXPECT_EQ(f->find("general.file_type")->type, ValueType::Uint32);

    const auto* tokens = f->getArray("tokenizer.ggml.tokens");
    ASSERT_NE(tokens, nullptr);
    EXPECT_EQ(tokens->elementType, ValueType::String);
    ASSERT_EQ(tokens->items.size(), 384u);
    EXPECT_EQ(tokens->items.stringAt(311), "<｜begin▁of▁sentence｜>");
    EXPECT_EQ(tokens->items.stringAt(315), "<think>");
    const auto* types = f->getArray("tokenizer.ggml.token_type");
    ASSERT_NE(types, nullptr);
    EXPECT_EQ(types->elementType, ValueType::Int32);
    EXPECT_EQ(types->items.size(), 384u);
    ASSERT_NE(f->getArray("tokenizer.ggml.merges"), nullptr);
    EXPECT_EQ(f->getArray("tokenizer.ggml.merges")->items.size(), 53u);
    EXPECT_NE(f->getString("tokenizer.chat_template")->find("<｜Assistant｜>"), std::string::npos);

    // Wrong-type and missing lookups give nothing rather than a converted value.
    EXPECT_FALSE(f->getString("qwen2.block_count"));
    EXPECT_FALSE(f->getInt("general.name"));
    EXPECT_FALSE(f->getBool("qwen2.block_count"));
    EXPECT_EQ(f->getArray("general.name"), nullptr);
    EXPECT_EQ(f->find("no.such.key"), nullptr);
}

TEST(GgufFileTest, TinyQwen2TensorTable)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-qwen2.gguf");
    const auto f = GgufFile::open(path);
    // 2 layers x 12 tensors + token_embd, output_norm, output.
    EXPECT_EQ(f->tensors().size(), 27u);
    const auto* embd = f->findTensor("token_embd.weight");
    ASSERT_NE(embd, nullptr);
    EXPECT_EQ(embd->type, GgmlType::F32);
    EXPECT_EQ(embd->dims, (std::vector<std::uint64_t>{256, 384}));  // n_embd, n_vocab
    EXPECT_EQ(embd->nbytes, 256u * 384u * 4u);
    EXPECT_EQ(embd->elementCount(), 256u * 384u);
    const auto* k = f->findTensor("blk.1.attn_k.weight");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->dims, (std::vector<std::uint64_t>{256, 128}));  // n_embd, n_head_kv * head_dim
    const auto* down = f->findTensor("blk.0.ffn_down.weight");
    ASSERT_NE(down, nullptr);
    EXPECT_EQ(down->dims, (std::vector<std::uint64_t>{512, 256}));
    EXPECT_EQ(f->findTensor("blk.2.attn_k.weight"), nullptr);
    // Data pointers lie inside the mapping, aligned, and the norm weights are
    // finite floats (a wrong data offset would show garbage).
    for (const auto& t : f->tensors()) {
        ASSERT_NE(t.data, nullptr) << t.name;
        EXPECT_EQ(t.offset % f->alignment(), 0u) << t.name;
        EXPECT_LE(f->dataOffset() + t.offset + t.nbytes, f->fileSize()) << t.name;
    }
    const auto* norm = f->findTensor("output_norm.weight");
    ASSERT_NE(norm, nullptr);
    float first = 0;
    std::memcpy(&first, norm->data, sizeof first);
    EXPECT_TRUE(std::isfinite(first));
    EXPECT_GT(std::abs(first), 1e-3f);
    EXPECT_LT(std::abs(first), 10.0f);
    EXPECT_NO_THROW(f->checkComputeSupport());
}

TEST(GgufFileTest, TensorTypesMatchTheReferenceList)
{
    for (const char* file : {"tiny-qwen2.gguf", "tiny-qwen2-F16.gguf", "tiny-qwen2-Q4_0.gguf",
                             "tiny-qwen2-Q4_K_M.gguf", "tiny-qwen2-Q6_K.gguf", "tiny-qwen2-Q8_0.gguf",
                             "tiny-llama.gguf", "tiny-llama-Q4_K_M.gguf", "tiny-llama-Q6_K.gguf",
                             "tiny-llama-Q8_0.gguf", "tiny-deepseek2-lite-Q4_K_M.gguf",
                             "tiny-deepseek3-Q4_K_M.gguf", "tiny-deepseek3-Q8_0.gguf"}) {
        SCOPED_TRACE(file);
        expectTypesMatchList(file);
    }
}

TEST(GgufFileTest, DeepSeek3Metadata)
{
    QIUSUO_REQUIRE_TESTDATA(path, "models/tiny-deepseek3-Q8_0.gguf");
    const auto f = GgufFile::open(path);
    EXPECT_EQ(f->architecture(), "deepseek2");
    EXPECT_EQ(f->getInt("general.file_type"), 7);  // llama.cpp's MOSTLY_Q8_0
}

TEST(GgufFileTest, MissingFileNamesIt)
{
    try {
        GgufFile::open("/nonexistent/dir/model.gguf");
        FAIL() << "opening a missing file must throw";
    } catch (const qiusuo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/model.gguf"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
}
