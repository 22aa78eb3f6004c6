// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
#include "imref/result.h"

namespace imref {

std::string_view errc_name(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid_argument";
    case Errc::malformed_key:
      return "malformed_key";
    case Errc::malformed_identity:
      return "malformed_identity";
    case Errc::malformed_payload:
      return "malformed_payload";
    case Errc::bad_signature:
      return "bad_signature";
    case Errc::decrypt_failed:
      return "decrypt_failed";
    case Errc::too_large:
      return "too_large";
    case Errc::unsupported:
      return "unsupported";
    case Errc::crypto_failure:
      return "crypto_failure";
    case Errc::malformed_message:
      return "malformed_message";
    case Errc::blob_mismatch:
      return "blob_mismatch";
    case Errc::not_found:
      return "not_found";
    case Errc::unknown_account:
      return "unknown_account";
    case Errc::unknown_handle:
      return "unknown_handle";
    case Errc::invalid_handle:
      return "invalid_handle";
    case Errc::replayed_request:
      return "replayed_request";
    case Errc::duplicate:
      return "duplicate";
    case Errc::bad_token:
      return "bad_token";
    case Errc::consent_required:
      return "consent_required";
    case Errc::not_attested:
      return "not_attested";
    case Errc::store_corrupt:
      return "store_corrupt";
    case Errc::bad_passcode:
      return "bad_passcode";
    case Errc::locked:
      return "locked";
    case Errc::io_error:
      return "io_error";
    case Errc::malformed_prekey:
      return "malformed_prekey";
    case Errc::expired:
      return "expired";
    case Errc::unauthorized:
      return "unauthorized";
  }
  return "unknown";
}

}  // namespace imref
