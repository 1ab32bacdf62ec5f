// bench_tokenize: encoding speed of the tokenizer on mixed Chinese/English
// text, one thread, in MB/s of input per second of CPU time.
//
//   bench_tokenize [--mb N] [--model FILE.gguf ...]
//
// Without --model it measures the vocabularies under the test data
// (QIUSUO_TESTDATA or ../shared/testdata/vocab). The text is generated from
// a fixed seed: sentences of common Chinese characters with Chinese
// punctuation, English words, numbers, code-like lines and newlines.
#include "inference/gguf/gguffile.h"
#include "inference/tokenizer/tokenizer.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <time.h>

namespace {

using namespace qiusuo;

std::vector<std::string> utf8Chars(const std::string& s)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = 1;
        while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80)
            ++n;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

std::string generateText(std::size_t bytes)
{
    const auto hanzi = utf8Chars(
        "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去"
        "行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知道理想"
        "模型推理思考问题答案数据训练计算机语言文字北京上海春夏秋冬山水风雨花月江河海洋明白需要因为所以但是如果");
    const auto punct = utf8Chars("，。、；：？！“”（）《》");
    const std::vector<std::string> words{
        "the", "model", "reasoning", "token", "DeepSeek", "answer", "question", "of", "and", "to", "in",
        "inference", "GPU", "memory", "context", "it's", "we're", "Qiusuo", "API", "JSON", "think"};
    std::mt19937 rng(20240601);
    const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::string text;
    while (text.size() < bytes) {
        switch (pick(10)) {
        case 0: case 1: case 2: case 3: case 4:  // a Chinese clause
            for (std::size_t n = 4 + pick(16); n > 0; --n)
                text += hanzi[pick(hanzi.size())];
            text += punct[pick(punct.size())];
            break;
        case 5: case 6: case 7:  // an English phrase
            for (std::size_t n = 3 + pick(10); n > 0; --n)
                text.append(" ").append(words[pick(words.size())]);
            text += pick(2) ? "." : ",";
            break;
        case 8:
            // Appended piece by piece: GCC 12 -O3 misreports " " + string (-Wrestrict).
            text.append(" ").append(std::to_string(pick(1000000))).append(" ");
            break;
        default:
            text.append("\n    if (x < ").append(std::to_string(pick(100))).append(") { return f(x); }\n");
            break;
        }
    }
    return text;
}

// CPU time of this thread: the figure for one core, whatever else the
// machine is doing.
double threadSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void measure(const std::filesystem::path& model, const std::string& text)
{
    const auto file = gguf::GgufFile::open(model);
    const auto tok = tokenizer::Tokenizer::fromGguf(*file);
    const double mb = static_cast<double>(text.size()) / 1e6;

    // Cold: a fresh tokenizer (empty word cache), in prompt-sized chunks.
    double start = threadSeconds();
    std::size_t tokens = 0;
    constexpr std::size_t chunk = 16 * 1024;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t end = std::min(text.size(), i + chunk);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            ++end;  // cut between characters
        tokens += tok->encode(std::string_view(text).substr(i, end - i)).size();
        i = end;
    }
    const double cold = threadSeconds() - start;

    // Warm: the same text again, in one call.
    start = threadSeconds();
    const auto ids = tok->encode(text);
    const double warm = threadSeconds() - start;

    start = threadSeconds();
    const std::string back = tok->decode(ids);
    const double decode = threadSeconds() - start;

    std::printf("%-48s %-15s %7.2f MB/s cold  %7.2f MB/s warm  %8.1f MB/s decode  %.2f bytes/token%s\n",
                model.filename().string().c_str(), std::string(tokenizer::preTypeName(tok->preType())).c_str(),
                mb / cold, mb / warm, mb / decode, static_cast<double>(text.size()) / static_cast<double>(tokens),
                back == text ? "" : "  (ROUND TRIP FAILED)");
}

} // namespace

int main(int argc, char** argv)
{
    double megabytes = 4;
    std::vector<std::filesystem::path> models;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--mb" && i + 1 < argc)
            megabytes = std::atof(argv[++i]);
        else if (a == "--model" && i + 1 < argc)
            models.emplace_back(argv[++i]);
        else {
            std::fprintf(stderr, "usage: bench_tokenize [--mb N] [--model FILE.gguf ...]\n");
            return 2;
        }
    }
    if (models.empty()) {
        const char* env = std::getenv("QIUSUO_TESTDATA");
        const std::filesystem::path dir = std::filesystem::path(env && *env ? env : QIUSUO_TESTDATA_DIR) / "vocab";
        for (const char* name : {"ggml-vocab-deepseek-v3-rebuilt.gguf", "ggml-vocab-qwen2-rebuilt-from-qwen3.gguf",
                                 "ggml-vocab-llama-bpe-rebuilt-from-llama3_1.gguf", "ggml-vocab-deepseek-llm.gguf"})
            if (std::filesystem::exists(dir / name))
                models.push_back(dir / name);
        if (models.empty()) {
            std::fprintf(stderr, "bench_tokenize: no vocabularies under %s; pass --model\n", dir.string().c_str());
            return 1;
        }
    }
    const std::string text = generateText(static_cast<std::size_t>(megabytes * 1e6));
    std::printf("bench_tokenize: %.1f MB of mixed Chinese/English text, one thread\n",
                static_cast<double>(text.size()) / 1e6);
    try {
        for (const auto& m : models)
            measure(m, text);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_tokenize: %s\n", e.what());
        return 1;
    }
    return 0;
}
