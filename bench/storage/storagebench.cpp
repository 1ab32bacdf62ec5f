// bench_storage: the conversation store at the size of a heavy user's history.
//
// Fills a temporary database with 100,000 messages (mixed Chinese/English,
// user turns of ~20-200 characters, answers of ~100-1,500, a third with
// reasoning) through ConversationStore::appendMessage, one transaction per
// message like the app, then prints:
//   - insert throughput (messages/s): the first 10,000 one transaction each
//     (how the app saves turns), the rest 1,000 per transaction (an import),
//   - median full-text search latency over a set of queries (ms), for
//     trigram queries (3+ characters) and, separately, short LIKE queries,
//   - the time to load the active path of a 2,000-message conversation (ms).
// Targets on the 2-core build machine: search < 20 ms, load < 50 ms.
//
// Usage: bench_storage [--messages N] [--keep DIR]
#include "storage/conversationstore.h"
#include "storage/database.h"
#include "storage/transaction.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace qiusuo::storage;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// CPU time of this thread: on a shared, loaded machine wall time also
/// counts waiting for a core; this is what the work itself costs.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// Words drawn with a Zipf-like law, as in real text: a few very common,
/// a long tail of rare ones.
class TextGenerator {
public:
    explicit TextGenerator(unsigned seed) : rng_(seed)
    {
        const std::string hanzi =
            "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
            "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去"
            "把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但"
            "质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式"
            "活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回"
            "则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己"
            "美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空"
            "元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周"
            "委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查"
            "江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";
        std::vector<std::string> chars;
        for (std::size_t i = 0; i + 3 <= hanzi.size(); i += 3)
            chars.push_back(hanzi.substr(i, 3));
        const char* syllables[] = {"ka", "lo", "mi", "ter", "son", "vel", "ra", "ni", "qu", "dex", "ban", "tor",
                                   "el", "os", "ing", "ful", "pre", "con", "al", "is", "ment", "ty", "er", "un"};
        std::uniform_int_distribution<std::size_t> pickChar(0, chars.size() - 1);
        std::uniform_int_distribution<int> pickSyl(0, 23);
        std::uniform_int_distribution<int> twoToFour(2, 4);
        for (int i = 0; i < 6000; ++i) {
            std::string w;
            if (i % 2 == 0) {
                const int n = i % 8 == 0 ? 4 : 2; // Chinese words: mostly 2, some 4 characters
                for (int k = 0; k < n; ++k)
                    w += chars[pickChar(rng_)];
            } else {
                const int n = twoToFour(rng_);
                for (int k = 0; k < n; ++k)
                    w += syllables[pickSyl(rng_)];
            }
            words_.push_back(w);
        }
        // Zipf weights 1/rank.
        std::vector<double> weights;
        for (std::size_t r = 1; r <= words_.size(); ++r)
            weights.push_back(1.0 / static_cast<double>(r));
        zipf_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    }

    const std::string& word(std::size_t rank) const { return words_[rank]; }

    /// About `chars` characters of mixed text, with punctuation and line breaks.
    std::string text(int chars)
    {
        std::string out;
        int count = 0;
        bool chineseRun = false;
        while (count < chars) {
            const std::string& w = words_[zipf_(rng_)];
            const bool chinese = static_cast<unsigned char>(w[0]) >= 0x80;
            if (!out.empty() && (!chinese || !chineseRun))
                out += ' ';
            out += w;
            count += chinese ? static_cast<int>(w.size() / 3) : static_cast<int>(w.size());
            chineseRun = chinese;
            if (rng_() % 12 == 0)
                out += chinese ? "，" : ",";
            if (rng_() % 25 == 0)
                out += chinese ? "。" : ".";
            if (rng_() % 90 == 0)
                out += "\n\n";
        }
        return out;
    }

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

private:
    std::mt19937 rng_;
    std::vector<std::string> words_;
    std::discrete_distribution<std::size_t> zipf_;
};

NewMessage makeMessage(TextGenerator& gen, bool user)
{
    NewMessage m;
    m.role = user ? MessageRole::User : MessageRole::Assistant;
    m.content = gen.text(user ? gen.uniform(20, 200) : gen.uniform(100, 1500));
    if (!user) {
        if (gen.uniform(0, 2) == 0)
            m.reasoning = gen.text(gen.uniform(100, 800));
        m.model = "deepseek-r1";
        m.stats.completionTokens = gen.uniform(50, 2000);
        m.stats.tokensPerSecond = 20.0 + gen.uniform(0, 400) / 10.0;
    }
    return m;
}

} // namespace

int main(int argc, char** argv)
{
    long total = 100000;
    std::string keep;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--messages")
            total = std::max(2100L, std::atol(argv[i + 1]));
        else if (a == "--keep")
            keep = argv[i + 1];
    }
    const fs::path dir = keep.empty() ? fs::temp_directory_path() / ("qiusuo-bench-" + std::to_string(getpid()))
                                      : fs::path(keep);
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path path = dir / "qiusuo.db";

    TextGenerator gen(20261128);
    Database db = Database::open(path);
    ConversationStore store(db);

    // One 2,000-message conversation, the rest in conversations of ~200.
    // The first `live` messages are saved one transaction each, as the app
    // saves a turn; the rest arrive like an import, 1,000 per transaction.
    const long longConversation = 2000;
    const long perConversation = 196;
    const long live = std::min(total, 10000L);
    std::int64_t longId = 0;
    long inserted = 0;
    std::size_t bytes = 0;
    double liveMs = 0, liveCpu = 0;
    const auto insertStart = Clock::now();
    const double insertCpuStart = cpuMs();
    std::optional<Transaction> batch;
    for (int c = 0; inserted < total; ++c) {
        const long count = c == 0 ? longConversation : std::min(perConversation, total - inserted);
        const auto conv = store.createConversation("Conversation " + std::to_string(c) + " " + gen.text(8));
        if (c == 0)
            longId = conv.id;
        std::optional<std::int64_t> parent;
        for (long k = 0; k < count; ++k, ++inserted) {
            if (inserted == live) {
                liveMs = msSince(insertStart);
                liveCpu = cpuMs() - insertCpuStart;
            }
            if (inserted >= live && (inserted - live) % 1000 == 0) {
                if (batch)
                    batch->commit();
                batch.emplace(db);
            }
            const NewMessage m = makeMessage(gen, k % 2 == 0);
            bytes += m.content.size() + m.reasoning.size();
            parent = store.appendMessage(conv.id, parent, m);
        }
    }
    if (batch)
        batch->commit();
    batch.reset();
    if (inserted == live) {
        liveMs = msSince(insertStart);
        liveCpu = cpuMs() - insertCpuStart;
    }
    const double insertMs = msSince(insertStart);
    const double insertCpu = cpuMs() - insertCpuStart;
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");

    // Queries: trigram words of falling frequency (Zipf ranks), Chinese and
    // English, one and two words, plus a phrase that never occurs.
    std::vector<std::string> ftsQueries;
    std::vector<std::string> shortQueries;
    for (std::size_t rank : {8u, 16u, 40u, 100u, 200u, 400u, 800u, 1600u, 3200u, 5000u}) {
        for (std::size_t r = rank; r < rank + 8; ++r) {
            const std::string& w = gen.word(r);
            const bool chinese = static_cast<unsigned char>(w[0]) >= 0x80;
            if ((chinese && w.size() >= 12) || (!chinese && w.size() >= 3)) {
                ftsQueries.push_back(w);
                break;
            }
        }
        for (std::size_t r = rank; r < rank + 8; ++r)
            if (gen.word(r).size() == 6) { // a 2-character Chinese word: LIKE
                shortQueries.push_back(gen.word(r));
                break;
            }
    }
    ftsQueries.push_back(gen.word(9) + " " + gen.word(41));
    ftsQueries.push_back("深度求索 never occurs");
    std::vector<double> ftsTimes, shortTimes, ftsCpu, shortCpu;
    std::size_t ftsHits = 0;
    for (int round = 0; round < 3; ++round) {
        for (const auto& q : ftsQueries) {
            const auto start = Clock::now();
            const double cpu = cpuMs();
            ftsHits += store.search(q).size();
            ftsTimes.push_back(msSince(start));
            ftsCpu.push_back(cpuMs() - cpu);
        }
        for (const auto& q : shortQueries) {
            const auto start = Clock::now();
            const double cpu = cpuMs();
            store.search(q);
            shortTimes.push_back(msSince(start));
            shortCpu.push_back(cpuMs() - cpu);
        }
    }

    std::vector<double> loadTimes, loadCpu;
    std::size_t loaded = 0;
    for (int i = 0; i < 7; ++i) {
        const auto start = Clock::now();
        const double cpu = cpuMs();
        loaded = store.activePath(longId).size();
        loadTimes.push_back(msSince(start));
        loadCpu.push_back(cpuMs() - cpu);
    }

    const auto fileBytes = fs::file_size(path);
    std::printf("bench_storage: %ld messages (%.1f MB of text) in %s\n", inserted, static_cast<double>(bytes) / 1e6,
                path.c_str());
    std::printf("  (wall = elapsed time; cpu = this thread's CPU time, which is what counts on a loaded machine)\n");
    std::printf("  insert:  %.0f messages/s wall, %.0f/s cpu, one transaction each (first %ld messages)\n",
                static_cast<double>(live) / (liveMs / 1000), static_cast<double>(live) / (liveCpu / 1000), live);
    if (inserted > live)
        std::printf("  insert:  %.0f messages/s wall, %.0f/s cpu, 1,000 per transaction (the other %ld)\n",
                    static_cast<double>(inserted - live) / ((insertMs - liveMs) / 1000),
                    static_cast<double>(inserted - live) / ((insertCpu - liveCpu) / 1000), inserted - live);
    std::printf("  insert:  %.1f s wall in all; database %.1f MB\n", insertMs / 1000,
                static_cast<double>(fileBytes) / 1e6);
    std::printf("  search:  median %.2f ms wall (%.2f ms cpu), max %.2f ms, over %zu trigram queries x3"
                " (%zu hits, limit 50)\n",
                median(ftsTimes), median(ftsCpu), *std::max_element(ftsTimes.begin(), ftsTimes.end()),
                ftsQueries.size(), ftsHits / 3);
    if (!shortTimes.empty())
        std::printf("  search:  median %.2f ms wall (%.2f ms cpu) over %zu two-character (LIKE) queries x3\n",
                    median(shortTimes), median(shortCpu), shortQueries.size());
    std::printf("  load:    median %.2f ms wall (%.2f ms cpu) for the active path of a %zu-message conversation\n",
                median(loadTimes), median(loadCpu), loaded);
    std::printf("  targets: search < 20 ms: %s; load < 50 ms: %s (wall)\n", median(ftsTimes) < 20 ? "met" : "MISSED",
                median(loadTimes) < 50 ? "met" : "MISSED");
    if (keep.empty())
        fs::remove_all(dir);
    return 0;
}
