// bench_memory: where a loaded model's resident memory goes, against issue
// 4's target "weights stay memory-mapped; resident memory beyond the weights
// stays within the KV cache plus 10%".
//
//   bench_memory --model FILE.gguf [--context N] [--tokenizer VOCAB.gguf]
//                [--prompt N | --fill] [--decode N] [--threads N]
//
// It opens the model, loads its tokenizer (or the one of --tokenizer, e.g. a
// real vocabulary under testdata/vocab, when the model's is a generated
// stand-in), loads the model, evaluates a prompt and decodes a few tokens,
// printing /proc/self/status's RssFile / RssAnon / RssShmem after each step.
//
// What is compared with the target: RssAnon, the private memory the process
// allocated, less the KV cache. File-backed pages (RssFile) are the mapped
// weights and the program's own code and libraries, shared with the page
// cache and dropped under pressure; they are not "beyond the weights".
//
// The KV cache is allocated without being written, so only the positions in
// use are resident. With the default short prompt (64 tokens, one prefill
// chunk, so the chunk scratch is at its largest) the cache's resident share
// is taken as (positions used / context) of it: each (layer, K|V, head) keeps
// its positions contiguous, so this is exact to a page per head. --fill
// makes the prompt fill the context (less the decode steps): then the whole
// cache is resident and RssAnon - KV is everything else, measured directly.
// Filling 4096 positions of a 1.5B model takes minutes on two cores.
#include "bench/memory/procstatus.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/models/model.h"
#include "inference/models/modelfactory.h"
#include "inference/tokenizer/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace qiusuo;

struct Options {
    std::string model;
    std::string tokenizer;  ///< empty: the model's own
    std::int32_t context = 4096;
    std::int32_t prompt = 64;
    bool fill = false;  ///< the prompt fills the context
    std::int32_t decode = 8;
    int threads = 2;
};

double mib(double bytes) { return bytes / (1024.0 * 1024.0); }

void usage()
{
    std::fprintf(stderr,
                 "usage: bench_memory --model FILE.gguf [--context N (4096)] [--tokenizer VOCAB.gguf]\n"
                 "                    [--prompt N (64) | --fill] [--decode N (8)] [--threads N (2)]\n");
}

bool parse(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--model" && hasValue)
            o.model = argv[++i];
        else if (a == "--tokenizer" && hasValue)
            o.tokenizer = argv[++i];
        else if (a == "--context" && hasValue)
            o.context = std::atoi(argv[++i]);
        else if (a == "--prompt" && hasValue)
            o.prompt = std::atoi(argv[++i]);
        else if (a == "--fill")
            o.fill = true;
        else if (a == "--decode" && hasValue)
            o.decode = std::atoi(argv[++i]);
        else if (a == "--threads" && hasValue)
            o.threads = std::atoi(argv[++i]);
        else
            return false;
    }
    return !o.model.empty() && o.context > 0 && o.prompt > 0 && o.decode >= 0 && o.threads > 0;
}

struct Stage {
    std::string name;
    bench::ProcStatus status;
};

void printStages(const std::vector<Stage>& stages)
{
    std::printf("%-34s %10s %10s %10s %12s\n", "after", "RssFile", "RssAnon", "RssShmem", "RssAnon +");
    const bench::ProcStatus* previous = nullptr;
    for (const Stage& s : stages) {
        const double delta = previous ? mib(static_cast<double>(s.status.rssAnon) -
                                            static_cast<double>(previous->rssAnon))
                                      : 0.0;
        std::printf("%-34s %7.1f MiB %7.1f MiB %7.1f MiB %8.1f MiB\n", s.name.c_str(), mib(s.status.rssFile),
                    mib(s.status.rssAnon), mib(s.status.rssShmem), delta);
        previous = &s.status;
    }
}

int run(const Options& o)
{
    std::vector<Stage> stages;
    const auto mark = [&](std::string name) { stages.push_back({std::move(name), bench::ProcStatus::read()}); };
    mark("start");

    std::shared_ptr<const gguf::GgufFile> file = gguf::GgufFile::open(o.model);
    mark("model file opened (metadata parsed)");

    std::shared_ptr<const gguf::GgufFile> vocabFile = file;
    if (!o.tokenizer.empty()) {
        vocabFile = gguf::GgufFile::open(o.tokenizer);
        mark("tokenizer file opened");
    }
    const std::unique_ptr<tokenizer::Tokenizer> tok = tokenizer::Tokenizer::fromGguf(vocabFile);
    mark("tokenizer loaded");
    const std::uint64_t vocabularyShare = stages.back().status.rssAnon - stages[stages.size() - 2].status.rssAnon;

    models::ModelOptions options;
    options.context = o.context;
    options.threads = o.threads;
    const std::unique_ptr<models::Model> model = models::loadModel(file, options);
    mark("model loaded");

    const std::int32_t context = model->contextSize();
    const std::int32_t decode = std::min(o.decode, context - 1);
    const std::int32_t prompt = o.fill ? context - decode : std::min(o.prompt, context - decode);
    // Ordinary text, repeated to the prompt's length, encoded by the tokenizer
    // (ids beyond the model's vocabulary, possible with --tokenizer, are folded in).
    std::vector<std::int32_t> ids;
    const std::string text = "The quick brown fox jumps over the lazy dog; 求索 thinks before it answers. ";
    const std::vector<std::int32_t> sentence = tok->encode(text);
    const std::int32_t vocab = model->info().vocabSize;
    while (static_cast<std::int32_t>(ids.size()) < prompt)
        ids.push_back(sentence[ids.size() % sentence.size()] % vocab);

    const auto t0 = std::chrono::steady_clock::now();
    std::vector<float> logits = model->evaluate(ids, 0);
    mark("prompt evaluated (" + std::to_string(prompt) + " tokens)");
    const auto t1 = std::chrono::steady_clock::now();
    for (std::int32_t i = 0; i < decode; ++i) {
        const auto best = static_cast<std::int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
        logits = model->evaluate({&best, 1}, model->cachedTokens());
    }
    mark("decoded " + std::to_string(decode) + " tokens");
    const auto t2 = std::chrono::steady_clock::now();

    const std::uint64_t kv = model->kvCacheBytes();
    const std::int32_t used = model->cachedTokens();
    const double kvResident = static_cast<double>(kv) * used / context;
    const bench::ProcStatus& end = stages.back().status;
    const double beyond = static_cast<double>(end.rssAnon) - kvResident;

    std::printf("bench_memory: %s, %d threads\n\n", o.model.c_str(), model->info().threads);
    printStages(stages);
    std::printf("\nmodel file           %.1f MiB (mapped; its resident pages are part of RssFile)\n",
                mib(static_cast<double>(file->fileSize())));
    std::printf("tokenizer            %s (%d tokens): RssAnon +%.1f MiB when loaded\n",
                o.tokenizer.empty() ? "the model's own" : o.tokenizer.c_str(), tok->vocabSize(),
                mib(static_cast<double>(vocabularyShare)));
    std::printf("KV cache             %.1f MiB (Model::kvCacheBytes(), %d positions, %s)\n", mib(static_cast<double>(kv)),
                context, used == context ? "all written, so all resident" : "partly written");
    std::printf("positions used       %d of %d (prompt %.1f s, decode %.2f s)\n", used, context,
                std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
    std::printf("peak resident        %.1f MiB (VmHWM, file pages included)\n", mib(static_cast<double>(end.peak)));
    std::printf("\nCompared with the target (RssAnon = private memory the process allocated; file pages are the weights\n"
                "and the program's code and are not counted):\n");
    if (used < context)
        std::printf("  resident KV cache taken as %d/%d of it = %.1f MiB\n", used, context, mib(kvResident));
    std::printf("  anonymous memory beyond the KV cache: %.1f MiB = %.1f%% of the KV cache (target: at most 10%%)\n",
                mib(beyond), 100.0 * beyond / static_cast<double>(kv));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    if (!parse(argc, argv, o)) {
        usage();
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_memory: %s\n", e.what());
        return 1;
    }
}
