#include "app/desktop/commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace qiusuo::desktop {

namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "qiusuo: %s\n", qPrintable(message));
}

} // namespace

std::optional<DesktopOptions> parseCommandLine(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("CommandLine", "Chat with DeepSeek models, on this computer or remotely."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QCoreApplication::translate("CommandLine",
                                    "Keep conversations and settings in <dir> instead of the default "
                                    "data folder (created when missing)."),
        QCoreApplication::translate("CommandLine", "dir"));
    parser.addOption(profile);
    const QCommandLineOption model(
        QStringLiteral("model"),
        QCoreApplication::translate("CommandLine", "Chat with the local GGUF model <file> (loaded at startup)."),
        QCoreApplication::translate("CommandLine", "file"));
    parser.addOption(model);

    if (!parser.parse(app.arguments())) {
        printError(parser.errorText());
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        printError(QCoreApplication::translate("CommandLine", "unexpected argument “%1”; see qiusuo --help.")
                       .arg(parser.positionalArguments().constFirst()));
        return std::nullopt;
    }

    DesktopOptions options;
    if (parser.isSet(profile)) {
        const QString dir = parser.value(profile).trimmed();
        if (dir.isEmpty()) {
            printError(QCoreApplication::translate("CommandLine", "--profile needs a folder, e.g. --profile ~/qiusuo-test."));
            return std::nullopt;
        }
        const QFileInfo info(dir);
        if (info.exists() && !info.isDir()) {
            printError(QCoreApplication::translate("CommandLine", "the profile “%1” is a file, not a folder.")
                           .arg(QDir::toNativeSeparators(info.absoluteFilePath())));
            return std::nullopt;
        }
        options.profileDir = info.absoluteFilePath();
    }
    if (parser.isSet(model)) {
        const QString file = parser.value(model).trimmed();
        const QFileInfo info(file);
        if (file.isEmpty()) {
            printError(QCoreApplication::translate("CommandLine", "--model needs a GGUF file, e.g. --model ~/models/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf."));
            return std::nullopt;
        }
        if (!info.exists()) {
            printError(QCoreApplication::translate("CommandLine", "the model file “%1” does not exist.")
                           .arg(QDir::toNativeSeparators(info.absoluteFilePath())));
            return std::nullopt;
        }
        if (!info.isFile()) {
            printError(QCoreApplication::translate("CommandLine", "the model “%1” is a folder, not a GGUF file.")
                           .arg(QDir::toNativeSeparators(info.absoluteFilePath())));
            return std::nullopt;
        }
        options.modelPath = info.absoluteFilePath();
    }
    return options;
}

} // namespace qiusuo::desktop
