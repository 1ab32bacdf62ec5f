#pragma once
/// @brief A QTranslator that also finds messages of classes in namespaces.
///
/// tr() in `qiusuo::ui::ChatController` asks for the context
/// "qiusuo::ui::ChatController", but Qt 6.4's lupdate does not follow C++17
/// nested namespace declarations (`namespace qiusuo::ui {`) and files the
/// message under "ChatController". When the qualified context has no
/// translation, this translator tries the unqualified class name.

#include <QTranslator>

namespace qiusuo::ui {

class QualifiedTranslator : public QTranslator {
    Q_OBJECT
public:
    using QTranslator::QTranslator;

    QString translate(const char* context, const char* sourceText, const char* disambiguation = nullptr,
                      int n = -1) const override;
};

} // namespace qiusuo::ui
