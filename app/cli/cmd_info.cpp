// qiusuo-cli info MODEL [--json] [--metadata] [--tensors] [--ctx N]: what a
// GGUF file holds, from its metadata and tensor table (the tensor data is not
// read), and what running it on the GPU would take.
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/chat/chattemplate.h"
#include "inference/gguf/gguffile.h"
#include "inference/gguf/modelinfo.h"
#include "inference/models/offloadplan.h"
#include "inference/bytesize.h"
#include "inference/error.h"

#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdio>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

namespace {

using qiusuo::gguf::GgufFile;
using qiusuo::gguf::ModelInfo;
using qiusuo::gguf::Value;
using qiusuo::gguf::ValueType;

/// The GPU side of a model before loading it: the estimate for `context`
/// and, where a GPU is present, the plan for its free memory.
struct GpuOutlook {
    std::optional<qiusuo::models::GpuMemoryEstimate> estimate;
    std::string problem;  ///< why there is no estimate ("the GPU engine does not run deepseek2 models yet")
    qiusuo::models::GpuList gpus;
    std::optional<qiusuo::models::OffloadPlan> plan;  ///< on GPU 0
};

GpuOutlook gpuOutlook(const GgufFile& file, std::int32_t context)
{
    GpuOutlook o;
    try {
        o.estimate = qiusuo::models::estimateGpuMemory(file, context);
    } catch (const qiusuo::Error& e) {
        o.problem = e.what();
    }
    o.gpus = qiusuo::models::listGpus();
    if (o.estimate && !o.gpus.devices.empty())
        o.plan = qiusuo::models::planOffload(*o.estimate, o.gpus.devices[0].freeBytes, -1, o.gpus.devices[0].name);
    return o;
}

nlohmann::json gpuJson(const GpuOutlook& o, std::int32_t context)
{
    nlohmann::json j;
    j["context"] = context;
    if (o.estimate) {
        const auto& e = *o.estimate;
        j["all_layers_bytes"] = e.forLayers(e.layerCount());
        j["layer_weight_bytes"] = e.layerWeights;
        j["kv_bytes_per_layer"] = e.kvPerLayer;
        j["embedding_bytes"] = e.embedding;
        j["output_bytes"] = e.output;
        j["scratch_bytes"] = e.scratch;
    } else {
        j["problem"] = o.problem;
    }
    j["devices"] = nlohmann::json::array();
    for (const auto& d : o.gpus.devices)
        j["devices"].push_back({{"index", d.index}, {"name", d.name}, {"total_bytes", d.totalBytes},
                                {"free_bytes", d.freeBytes}});
    if (o.gpus.devices.empty())
        j["no_device_reason"] = o.gpus.reason;
    if (o.plan)
        j["plan"] = {{"gpu_layers", o.plan->gpuLayers}, {"layers", o.plan->layerCount}, {"note", o.plan->note}};
    return j;
}

void printGpu(const GpuOutlook& o, std::int32_t context)
{
    if (!o.estimate) {
        std::printf("%-14s %s\n", "gpu memory", o.problem.c_str());
        return;
    }
    const auto& e = *o.estimate;
    const std::size_t perLayer = e.layerWeights.empty() ? 0 : e.layerWeights.front();
    std::printf("%-14s %s with every layer on the GPU at a %d-token context (a layer %s + KV %s; output head %s, "
                "work buffers %s)\n",
                "gpu memory", qiusuo::formatBytes(e.forLayers(e.layerCount())).c_str(), context,
                qiusuo::formatBytes(perLayer).c_str(), qiusuo::formatBytes(e.kvPerLayer).c_str(),
                qiusuo::formatBytes(e.output).c_str(), qiusuo::formatBytes(e.scratch).c_str());
    if (o.plan)
        std::printf("%-14s %s\n", "gpu", o.plan->cpuOnly() ? (o.plan->note + ": runs on the CPU").c_str()
                                                            : o.plan->note.c_str());
    else
        std::printf("%-14s %s\n", "gpu", o.gpus.reason.c_str());
}

std::string humanBytes(std::uint64_t n)
{
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

std::string humanCount(std::uint64_t n)
{
    char buf[32];
    if (n >= 1'000'000'000)
        std::snprintf(buf, sizeof buf, "%.2f B", static_cast<double>(n) / 1e9);
    else if (n >= 1'000'000)
        std::snprintf(buf, sizeof buf, "%.2f M", static_cast<double>(n) / 1e6);
    else if (n >= 1'000)
        std::snprintf(buf, sizeof buf, "%.2f K", static_cast<double>(n) / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%" PRIu64, n);
    return buf;
}

std::string firstLine(const std::string& s)
{
    const auto end = s.find('\n');
    std::string line = s.substr(0, end);
    return line.size() > 100 ? line.substr(0, 100) + "..." : line;
}

/// The chat format Qiusuo recognizes in the template, or "not recognized".
std::string templateFamily(const std::string& jinja)
{
    if (jinja.empty())
        return {};
    const auto family = qiusuo::chat::ChatTemplate::recognize(jinja);
    return family ? qiusuo::chat::ChatTemplate(*family).name() : "not recognized";
}

/// A metadata value in one line: arrays show their type, length and first
/// items (items of nested arrays only by their length, to stay one line).
std::string describeValue(const Value& v, int depth = 0)
{
    if (const auto* s = v.asString())
        return "\"" + (s->size() > 80 ? s->substr(0, 80) + "...\" (" + std::to_string(s->size()) + " bytes)" : *s + "\"");
    if (const auto* a = v.asArray()) {
        std::string out = "array of " + std::to_string(a->items.size()) + " " +
                          std::string(qiusuo::gguf::valueTypeName(a->elementType));
        if (depth > 0 || a->items.empty())
            return out;
        out += " [";
        for (std::size_t i = 0; i < a->items.size() && i < 5; ++i)
            out += (i ? ", " : "") + describeValue(a->items[i], depth + 1);
        return out + (a->items.size() > 5 ? ", ...]" : "]");
    }
    if (const auto* b = std::get_if<bool>(&v.data))
        return *b ? "true" : "false";
    if (const auto* f = std::get_if<double>(&v.data)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.9g", *f);
        return buf;
    }
    if (const auto* u = std::get_if<std::uint64_t>(&v.data))
        return std::to_string(*u);
    return std::to_string(std::get<std::int64_t>(v.data));
}

/// A metadata value as JSON: scalars as they are, arrays by element type and length.
nlohmann::json valueJson(const Value& v)
{
    if (const auto* a = v.asArray())
        return {{"array_of", std::string(qiusuo::gguf::valueTypeName(a->elementType))}, {"length", a->items.size()}};
    return std::visit(
        [](const auto& x) -> nlohmann::json {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, qiusuo::gguf::Array>)
                return nullptr;
            else
                return x;
        },
        v.data);
}

template <typename T>
nlohmann::json optionalJson(const std::optional<T>& v)
{
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json toJson(const ModelInfo& m, const GgufFile& file, bool withMetadata, bool withTensors)
{
    nlohmann::json j;
    j["file"] = file.path().string();
    j["file_size"] = m.fileSize;
    j["gguf_version"] = m.ggufVersion;
    j["architecture"] = m.architecture;
    j["name"] = m.name;
    j["parameters"] = m.parameters;
    j["tensor_count"] = m.tensorCount;
    j["tensor_bytes"] = m.tensorBytes;
    j["file_type"] = m.fileType ? nlohmann::json(ModelInfo::fileTypeName(*m.fileType)) : nlohmann::json(nullptr);
    j["file_type_id"] = optionalJson(m.fileType);
    j["types"] = nlohmann::json::array();
    for (const auto& t : m.types)
        j["types"].push_back({{"type", std::string(qiusuo::gguf::ggmlTypeName(t.type))},
                              {"tensors", t.tensors}, {"elements", t.elements}, {"bytes", t.bytes}});
    j["context_length"] = optionalJson(m.contextLength);
    j["block_count"] = optionalJson(m.blockCount);
    j["embedding_length"] = optionalJson(m.embeddingLength);
    j["feed_forward_length"] = optionalJson(m.feedForwardLength);
    j["head_count"] = optionalJson(m.headCount);
    j["head_count_kv"] = optionalJson(m.headCountKv);
    j["expert_count"] = optionalJson(m.expertCount);
    j["expert_used_count"] = optionalJson(m.expertUsedCount);
    j["expert_shared_count"] = optionalJson(m.expertSharedCount);
    j["tokenizer"] = {{"model", m.tokenizerModel}, {"pre", m.tokenizerPre},   {"vocab_size", m.vocabSize},
                      {"merges", m.mergeCount},     {"bos_id", optionalJson(m.bosId)}, {"eos_id", optionalJson(m.eosId)},
                      {"bos", m.bosText},           {"eos", m.eosText}};
    j["chat_template"] = {{"length", m.chatTemplate.size()},
                          {"first_line", firstLine(m.chatTemplate)},
                          {"format", templateFamily(m.chatTemplate)}};
    j["compute_supported"] = m.computeProblem.empty();
    j["compute_problem"] = m.computeProblem;
    if (withMetadata) {
        j["metadata"] = nlohmann::json::object();
        for (const auto& [key, value] : file.metadata())
            j["metadata"][key] = valueJson(value);
    }
    if (withTensors) {
        j["tensors"] = nlohmann::json::array();
        for (const auto& t : file.tensors())
            j["tensors"].push_back({{"name", t.name}, {"type", std::string(qiusuo::gguf::ggmlTypeName(t.type))},
                                    {"dims", t.dims}, {"offset", t.offset}, {"bytes", t.nbytes}});
    }
    return j;
}

void printOptional(const char* label, const std::optional<std::int64_t>& v, const char* suffix = "")
{
    if (v)
        std::printf("%-14s %" PRId64 "%s\n", label, *v, suffix);
}

void printText(const ModelInfo& m, const GgufFile& file, bool withMetadata, bool withTensors, const GpuOutlook& gpu,
               std::int32_t context)
{
    std::printf("%-14s %s\n", "file", file.path().string().c_str());
    std::printf("%-14s %s (%" PRIu64 " bytes), GGUF version %u\n", "size", humanBytes(m.fileSize).c_str(),
                m.fileSize, m.ggufVersion);
    std::printf("%-14s %s\n", "architecture", m.architecture.empty() ? "(not set)" : m.architecture.c_str());
    if (!m.name.empty())
        std::printf("%-14s %s\n", "name", m.name.c_str());
    std::printf("%-14s %s (%" PRIu64 ")\n", "parameters", humanCount(m.parameters).c_str(), m.parameters);
    if (m.fileType)
        std::printf("%-14s %s\n", "file type", ModelInfo::fileTypeName(*m.fileType).c_str());
    std::printf("%-14s %" PRIu64 " tensors, %s\n", "tensors", m.tensorCount, humanBytes(m.tensorBytes).c_str());
    for (const auto& t : m.types)
        std::printf("  %-12s %5" PRIu64 " tensors %12s %6.1f%%\n", std::string(qiusuo::gguf::ggmlTypeName(t.type)).c_str(),
                    t.tensors, humanBytes(t.bytes).c_str(),
                    m.tensorBytes ? 100.0 * static_cast<double>(t.bytes) / static_cast<double>(m.tensorBytes) : 0.0);
    printOptional("context", m.contextLength, " tokens");
    printOptional("layers", m.blockCount);
    printOptional("embedding", m.embeddingLength);
    printOptional("feed-forward", m.feedForwardLength);
    if (m.headCount)
        std::printf("%-14s %" PRId64 " (KV heads %s)\n", "heads", *m.headCount,
                    m.headCountKv ? std::to_string(*m.headCountKv).c_str() : "same");
    if (m.expertCount)
        std::printf("%-14s %" PRId64 " (%s used per token, %s shared)\n", "experts", *m.expertCount,
                    m.expertUsedCount ? std::to_string(*m.expertUsedCount).c_str() : "?",
                    m.expertSharedCount ? std::to_string(*m.expertSharedCount).c_str() : "0");
    if (!m.tokenizerModel.empty() || m.vocabSize)
        std::printf("%-14s %s, pre-tokenizer %s, %" PRIu64 " tokens, %" PRIu64 " merges\n", "tokenizer",
                    m.tokenizerModel.empty() ? "?" : m.tokenizerModel.c_str(),
                    m.tokenizerPre.empty() ? "(default)" : m.tokenizerPre.c_str(), m.vocabSize, m.mergeCount);
    if (m.bosId)
        std::printf("%-14s %" PRId64 " %s\n", "BOS", *m.bosId, m.bosText.c_str());
    if (m.eosId)
        std::printf("%-14s %" PRId64 " %s\n", "EOS", *m.eosId, m.eosText.c_str());
    if (m.chatTemplate.empty()) {
        std::printf("%-14s (none)\n", "chat template");
    } else {
        std::printf("%-14s %zu characters, format %s\n", "chat template", m.chatTemplate.size(),
                    templateFamily(m.chatTemplate).c_str());
        std::printf("%-14s %s\n", "", firstLine(m.chatTemplate).c_str());
    }
    std::printf("%-14s %s\n", "compute", m.computeProblem.empty() ? "every tensor type is supported"
                                                                  : m.computeProblem.c_str());
    printGpu(gpu, context);
    if (withMetadata) {
        std::printf("\nmetadata (%zu keys)\n", file.metadata().size());
        for (const auto& [key, value] : file.metadata())
            std::printf("  %s = %s\n", key.c_str(), describeValue(value).c_str());
    }
    if (withTensors) {
        std::printf("\ntensors\n");
        for (const auto& t : file.tensors()) {
            std::string dims;
            for (std::size_t i = 0; i < t.dims.size(); ++i)
                dims += (i ? " x " : "") + std::to_string(t.dims[i]);
            std::printf("  %-40s %-8s %-24s %s\n", t.name.c_str(), std::string(qiusuo::gguf::ggmlTypeName(t.type)).c_str(),
                        dims.c_str(), humanBytes(t.nbytes).c_str());
        }
    }
}

int runInfo(const std::vector<std::string>& args)
{
    CLI::App app{"Describe a GGUF model: architecture, size, quantization, tokenizer, chat template"};
    std::string model;
    bool json = false;
    bool metadata = false;
    bool tensors = false;
    app.add_option("model", model, "the .gguf file")->required();
    app.add_flag("--json", json, "print one JSON object");
    app.add_flag("--metadata", metadata, "also list every metadata key");
    app.add_flag("--tensors", tensors, "also list every tensor");
    std::int32_t context = 4096;
    app.add_option("--ctx,-c", context, "context for the GPU memory estimate (default 4096, at most the model's)")
        ->check(CLI::PositiveNumber);
    if (const auto exit = qiusuo::cli::parseArgs(app, args))
        return *exit;

    const auto file = GgufFile::open(model);
    const ModelInfo info = ModelInfo::describe(*file);
    // The estimate's context, as the engine would clamp it.
    if (info.contextLength && *info.contextLength > 0 && *info.contextLength < context)
        context = static_cast<std::int32_t>(*info.contextLength);
    const GpuOutlook gpu = gpuOutlook(*file, context);
    if (json) {
        nlohmann::json j = toJson(info, *file, metadata, tensors);
        j["gpu"] = gpuJson(gpu, context);
        std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
        printText(info, *file, metadata, tensors, gpu, context);
    }
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("info", "describe a GGUF model (architecture, size, quantization, tokenizer)", runInfo);
