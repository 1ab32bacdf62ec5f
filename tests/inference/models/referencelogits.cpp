#include "referencelogits.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

namespace qiusuo::test {

namespace {

nlohmann::json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in) {
        ADD_FAILURE() << "cannot read " << path;
        return {};
    }
    return nlohmann::json::parse(in);
}

} // namespace

std::vector<float> readFloats(const std::filesystem::path& path, std::size_t count)
{
    std::ifstream in(path, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() != count * sizeof(float)) {
        ADD_FAILURE() << path << " holds " << bytes.size() << " bytes, expected " << count * sizeof(float);
        return std::vector<float>(count, NAN);
    }
    // The files are little-endian, as is every machine this project builds for.
    std::vector<float> out(count);
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return out;
}

ReferenceLogits loadReferenceLogits(const std::filesystem::path& folder, const std::string& model)
{
    const nlohmann::json j = readJson(folder / (model + ".logits.json"));
    ReferenceLogits r;
    r.tokens = j.at("tokens").get<std::vector<std::int32_t>>();
    r.vocab = j.at("n_vocab").get<std::int32_t>();
    r.selfDisagreement = j.at("batch_vs_seq_max_abs_diff").get<double>();
    const std::size_t count = r.tokens.size() * static_cast<std::size_t>(r.vocab);
    r.batch = readFloats(folder / j.at("logits_file").get<std::string>(), count);
    r.sequential = readFloats(folder / j.at("seq_logits_file").get<std::string>(), count);
    return r;
}

ReferenceGeneration loadReferenceGeneration(const std::filesystem::path& folder, const std::string& model)
{
    const nlohmann::json j = readJson(folder / (model + ".gen.json"));
    ReferenceGeneration g;
    g.promptIds = j.at("prompt_ids").get<std::vector<std::int32_t>>();
    g.generatedIds = j.at("generated_ids").get<std::vector<std::int32_t>>();
    g.vocab = j.at("n_vocab").get<std::int32_t>();
    g.logits = readFloats(folder / (model + ".gen.logits.bin"),
                          g.generatedIds.size() * static_cast<std::size_t>(g.vocab));
    return g;
}

std::int32_t argmax(const float* row, std::int32_t n)
{
    std::int32_t best = 0;
    for (std::int32_t i = 1; i < n; ++i)
        if (row[i] > row[best])
            best = i;
    return best;
}

LogitsDiff compareLogits(const float* got, const float* want, std::int32_t rows, std::int32_t vocab)
{
    LogitsDiff d;
    d.rows = rows;
    double sum = 0;
    for (std::int32_t r = 0; r < rows; ++r) {
        const float* g = got + static_cast<std::size_t>(r) * vocab;
        const float* w = want + static_cast<std::size_t>(r) * vocab;
        for (std::int32_t i = 0; i < vocab; ++i) {
            const double delta = std::fabs(static_cast<double>(g[i]) - w[i]);
            sum += delta;
            // NaN compares false: count it as the worst difference there is.
            if (!(delta <= d.maxAbs)) {
                d.maxAbs = std::isnan(delta) ? INFINITY : delta;
                d.worstRow = r;
            }
        }
        if (argmax(g, vocab) == argmax(w, vocab))
            ++d.argmaxMatches;
    }
    d.meanAbs = rows > 0 ? sum / (static_cast<double>(rows) * vocab) : 0;
    return d;
}

} // namespace qiusuo::test
