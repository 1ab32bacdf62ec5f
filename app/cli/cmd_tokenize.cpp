// qiusuo-cli tokenize / detokenize: a model's tokenizer from the command line.
#include "app/cli/cliparse.h"
#include "app/cli/command.h"
#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/tokenizer/tokenizer.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace qiusuo::cli {

namespace {

std::unique_ptr<tokenizer::Tokenizer> loadTokenizer(const std::string& modelPath)
{
    const auto file = gguf::GgufFile::open(modelPath);
    return tokenizer::Tokenizer::fromGguf(*file);
}

std::string readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("Cannot read the text file " + path + ".");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int runTokenize(const std::vector<std::string>& args)
{
    CLI::App app{"Prints the token ids of a text, separated by spaces, on one line", "qiusuo-cli tokenize"};
    std::string modelPath;
    std::string text;
    std::string textFile;
    bool bos = false;
    bool parseSpecial = false;
    bool json = false;
    app.add_option("--model,-m", modelPath, "GGUF model file")->required();
    auto* textOpt = app.add_option("--text,-t", text, "the text to tokenize");
    auto* fileOpt = app.add_option("--file,-f", textFile, "read the text from this file (bytes as they are)");
    textOpt->excludes(fileOpt);
    fileOpt->excludes(textOpt);
    app.add_flag("--bos", bos, "add BOS at the start where the model's metadata asks for it (add_bos_token)");
    app.add_flag("--parse-special", parseSpecial,
                 "turn control-token text such as <｜User｜> into its id (by default it is plain text)");
    app.add_flag("--json", json, "print a JSON array");
    if (auto code = parseArgs(app, args))
        return *code;
    if (textOpt->count() == 0 && fileOpt->count() == 0) {
        std::fprintf(stderr, "qiusuo-cli tokenize: give the text with --text or --file\n");
        return 2;
    }
    if (fileOpt->count() != 0)
        text = readWholeFile(textFile);

    const auto tok = loadTokenizer(modelPath);
    if (bos && !tok->addsBos())
        std::fprintf(stderr, "qiusuo-cli tokenize: this model's metadata says not to add BOS; none added\n");
    const auto ids = tok->encode(text, bos, parseSpecial);
    std::string out = json ? "[" : "";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i != 0)
            out += json ? "," : " ";
        out += std::to_string(ids[i]);
    }
    out += json ? "]\n" : "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int runDetokenize(const std::vector<std::string>& args)
{
    CLI::App app{"Prints the text of token ids", "qiusuo-cli detokenize"};
    std::string modelPath;
    std::vector<std::int32_t> ids;
    bool renderSpecial = false;
    app.add_option("--model,-m", modelPath, "GGUF model file")->required();
    app.add_option("ids", ids, "token ids, e.g. 9707 1879")->required();
    app.add_flag("--special", renderSpecial, "print the text of control tokens such as <｜User｜> too");
    if (auto code = parseArgs(app, args))
        return *code;
    const auto tok = loadTokenizer(modelPath);
    const std::string text = tok->decode(ids, renderSpecial) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

} // namespace

QIUSUO_CLI_COMMAND("tokenize", "print the token ids of a text", runTokenize);
QIUSUO_CLI_COMMAND("detokenize", "print the text of token ids", runDetokenize);

} // namespace qiusuo::cli
