#pragma once
/// @brief Chat templates: turn a conversation into the prompt text a model was
/// trained on, recognized from the GGUF's `tokenizer.chat_template`.

#include "inference/backend.h"
#include "inference/chat/promptbuilder.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qiusuo::gguf {
class GgufFile;
}

namespace qiusuo::chat {

/// How a new assistant turn treats reasoning.
enum class Thinking {
    ModelDefault,  ///< R1-type: think; others: no think block
    On,            ///< pre-fill `<think>\n` (R1 and V3)
    Off,           ///< R1-type: pre-fill an empty think block so the model answers directly
};

struct ChatRenderOptions {
    /// Open the assistant's turn at the end (what a generation needs).
    bool addGenerationPrompt = true;
    Thinking thinking = Thinking::ModelDefault;

    /// @brief The options for a generation: GenerationParams::thinking false
    /// is Thinking::Off, true leaves the model's default.
    static ChatRenderOptions forGeneration(const GenerationParams& params)
    {
        return {true, params.thinking ? Thinking::ModelDefault : Thinking::Off};
    }
};

/// One prompt format. render() writes the special tokens as text (BOS
/// included where the format has one): tokenize the result with special-token
/// parsing ON and WITHOUT adding another BOS. renderPieces() gives the same
/// text in pieces, so that the conversation's words can be tokenized with
/// special parsing OFF (a typed token name stays text) — prefer it.
///
/// Assistant messages are sent back by their `content` only, never their
/// `reasoning`; R1-type formats also cut `content` to the text after its last
/// `</think>`, as the official template does.
class ChatTemplate {
public:
    enum class Family {
        DeepSeekR1,  ///< R1 and its distills: `<｜User｜>…<｜Assistant｜><think>\n`
        DeepSeekV3,  ///< V3: the same tokens, no think pre-fill
        DeepSeekV2,  ///< V2 / V2-Lite chat: "User: …\n\nAssistant:"
        Llama3,      ///< `<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`
        ChatML,      ///< `<|im_start|>role\n…<|im_end|>\n` (Qwen and others)
    };

    /// @param bosText the model's BOS token text; empty: the family's usual one.
    /// @param eosText the model's EOS token text; empty: the family's usual one.
    explicit ChatTemplate(Family family, std::string bosText = {}, std::string eosText = {});

    /// @brief The family of a Jinja chat template, from distinctive substrings;
    /// nullopt when none is recognized.
    static std::optional<Family> recognize(std::string_view jinja);

    /// @brief The family named `name` ("deepseek-r1", "deepseek-v3",
    /// "deepseek-v2", "llama3", "chatml"; llama.cpp's "deepseek3",
    /// "deepseek2" too). Throws qiusuo::Error listing the names when unknown.
    static Family familyByName(std::string_view name);

    /// @brief The template for a model: `overrideName` when given, else the one
    /// recognized in `jinja`. Throws qiusuo::Error saying how to choose one
    /// when the model has no template or one that is not recognized.
    static ChatTemplate forModel(std::string_view jinja, std::string_view overrideName = {},
                                 std::string bosText = {}, std::string eosText = {});

    /// @brief forModel() for a GGUF file: its `tokenizer.chat_template`, and
    /// the texts of its BOS and EOS tokens.
    static ChatTemplate forGguf(const gguf::GgufFile& file, std::string_view overrideName = {});

    /// @brief The canonical names, one per family, in a stable order.
    static std::vector<std::string> names();

    Family family() const { return family_; }
    /// @brief The canonical name ("deepseek-r1", ...).
    std::string name() const;

    /// @brief The prompt text for `messages`.
    std::string render(const std::vector<ChatMessage>& messages,
                       const ChatRenderOptions& options = {}) const;

    /// @brief The same prompt as special-token and ordinary pieces.
    std::vector<PromptPiece> renderPieces(const std::vector<ChatMessage>& messages,
                                          const ChatRenderOptions& options = {}) const;

    /// @brief True when render() leaves the new turn inside an open think block
    /// (`<think>\n`): the output then starts in the reasoning, so the
    /// ThinkSplitter should start with Start::InReasoning.
    bool startsInReasoning(const ChatRenderOptions& options = {}) const;

    /// @brief Text that ends the assistant's turn in this format (end-of-turn
    /// token texts); generation stops there and the text is not shown.
    std::vector<std::string> stopStrings() const;

    const std::string& bosText() const { return bos_; }
    const std::string& eosText() const { return eos_; }

    /// @brief A system prompt sent when the conversation has none, as Qwen's
    /// ChatML templates do; forModel() takes it from the Jinja text.
    void setDefaultSystemPrompt(std::string text) { defaultSystem_ = std::move(text); }
    const std::string& defaultSystemPrompt() const { return defaultSystem_; }

private:
    // One per family, in chattemplaterender.cpp.
    void renderDeepSeek(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                        const ChatRenderOptions& options) const;
    void renderDeepSeekV2(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                          const ChatRenderOptions& options) const;
    void renderLlama3(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                      const ChatRenderOptions& options) const;
    void renderChatML(PromptBuilder& out, const std::vector<ChatMessage>& messages,
                      const ChatRenderOptions& options) const;

    Family family_;
    std::string bos_;
    std::string eos_;
    std::string defaultSystem_;
};

} // namespace qiusuo::chat
