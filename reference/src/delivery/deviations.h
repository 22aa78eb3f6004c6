// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// Deliberate defects of the delivery layer for `imref-shim --bug NAME`, so
// the delivery suite can prove it catches each one (docs/conformance.md).
// The reference always runs with every field false; the public deliver,
// decrypt, fetch, Relay and Receiver cannot set them. Each field names the
// requirement it breaks.
#pragma once

#include "imref/attachment.h"
#include "imref/delivery.h"
#include "imref/relay.h"

namespace imref::delivery {

struct Deviations {
  bool own_devices_left_out = false;      // REQ-DELIVERY-1: the sender's other devices get nothing
  bool no_long_message_fallback = false;  // REQ-DELIVERY-6: every message pushed inline
  bool relay_keeps_delivered = false;     // REQ-DELIVERY-3, -4: handed over, still held
  bool relay_never_expires = false;       // REQ-DELIVERY-5: queued pushes wait forever
  bool skip_blob_hash_check = false;      // REQ-ATTACH-3: a changed blob is decrypted
  bool show_replays = false;              // REQ-DELIVERY-9: a UUID seen before is shown again
  bool skip_metadata_check = false;       // REQ-DELIVERY-10: clear U and sP not checked
};

// no_deviations is the reference: every field false.
const Deviations& no_deviations();

Result<Report> deliver(const crypto::Provider& provider, crypto::Rng& rng, relay::Relay& relay,
                       attachment::BlobStore& blobs, const SendingDevice& sender,
                       std::span<const Device> recipients, std::span<const Device> own_devices,
                       const Message& message, int64_t timestamp, const Deviations& bugs);

}  // namespace imref::delivery

namespace imref::attachment {

Result<SecretBytes> decrypt(const crypto::Provider& provider, const AttachmentRef& ref,
                            ByteView blob, const delivery::Deviations& bugs);
Result<SecretBytes> fetch(const crypto::Provider& provider, const BlobStore& store,
                          const AttachmentRef& ref, const delivery::Deviations& bugs);

}  // namespace imref::attachment
