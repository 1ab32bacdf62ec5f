#include "ui/qualifiedtranslator.h"

#include <cstring>

namespace qiusuo::ui {

QString QualifiedTranslator::translate(const char* context, const char* sourceText, const char* disambiguation,
                                       int n) const
{
    QString text = QTranslator::translate(context, sourceText, disambiguation, n);
    if (text.isEmpty() && context) {
        if (const char* colon = std::strrchr(context, ':'))
            text = QTranslator::translate(colon + 1, sourceText, disambiguation, n);
    }
    return text;
}

} // namespace qiusuo::ui
