// Placeholder: replaced by the real backend.
#include "crypto/backends.h"
namespace imref::crypto {
std::unique_ptr<Provider> make_openssl_provider() { return nullptr; }
}  // namespace imref::crypto
