#include "inference/version.h"

namespace qiusuo {

const char* versionString()
{
    return QIUSUO_VERSION;
}

} // namespace qiusuo
