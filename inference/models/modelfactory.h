#pragma once
/// @brief Creates the Model for a GGUF file's architecture.

#include "inference/models/model.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::models {

/// Builds the model `general.architecture` names, reading its weights from
/// `file` (kept alive by the model). Throws qiusuo::Error for an architecture
/// Qiusuo does not run ("architecture 'mamba' is not supported; Qiusuo runs
/// qwen2, llama and deepseek2") and for missing or mis-shaped tensors.
std::unique_ptr<Model> loadModel(std::shared_ptr<const gguf::GgufFile> file, const ModelOptions& options);

/// Opens `path` (memory-mapped) and loads it as above.
std::unique_ptr<Model> loadModel(const std::filesystem::path& path, const ModelOptions& options);

/// The architectures loadModel accepts, in the order they are listed to users.
std::vector<std::string> supportedArchitectures();

} // namespace qiusuo::models
