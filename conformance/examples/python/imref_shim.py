#!/usr/bin/python3
# Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
"""A second implementation of imref, speaking imref-shim/1 (docs/shim-protocol.md).

Written from docs/spec.md, not from the C++ reference: the byte layouts and the
strictness rules are the REQ-* requirements cited in the comments. Standard
library plus `cryptography` (Debian 12: python3-cryptography 38) only.

One JSON object per line in on stdin, one per line out on stdout, in order.
"""
import functools
import hashlib
import hmac
import json
import os
import math
import re
import struct
import sys
import traceback

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

IMPLEMENTATION = "imref-python-example 0.1"


class ShimError(Exception):
    """A refusal: becomes {"ok": false, "error": code, "detail": detail}."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail


# --- P-256 (REQ-CRYPTO-3) ---------------------------------------------------

P256_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
P256_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def parse_point(data):
    """A public point: 65 bytes, 04 ‖ X ‖ Y, on y² = x³ − 3x + b (mod p).

    Checked by hand so the rule is visible; the library checks it again on load.
    Returns None when the bytes are not such a point.
    """
    if len(data) != 65 or data[0] != 0x04:
        return None  # compressed or hybrid forms are refused, not just odd lengths
    x = int.from_bytes(data[1:33], "big")
    y = int.from_bytes(data[33:65], "big")
    if x >= P256_P or y >= P256_P or (y * y - (x**3 - 3 * x + P256_B)) % P256_P != 0:
        return None
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data)
    except ValueError:
        return None


def point_bytes(public_key):
    return public_key.public_bytes(serialization.Encoding.X962,
                                   serialization.PublicFormat.UncompressedPoint)


# --- The v2 identity blob (REQ-ID-1..6) -------------------------------------
#
#   0  30 81 F6 | 81 43 | 00 41        SEQUENCE(246), [1](67), u16 65
#   7  04 X(32) Y(32)                   signing point
#  72  82 81 AE | 00 AC | 30 81 A9 02 81 A1 00
#                                       [2](174), u16 172, RSAPublicKey, INTEGER(161), 00
#  84  n(160)                           modulus, top bit set
# 244  02 03 01 00 01                   INTEGER e = 65537

ID_HEAD = bytes.fromhex("3081f681430041")
ID_MIDDLE = bytes.fromhex("8281ae00ac3081a90281a100")
ID_TAIL = bytes.fromhex("0203010001")
ID_LEN = 249


def check_modulus(n):
    # REQ-ID-4: exactly 1280 bits (160 bytes, top bit set), and odd.
    return len(n) == 160 and n[0] & 0x80 != 0 and n[-1] & 0x01 != 0


class Identity:
    def __init__(self, blob):
        self.blob = blob
        self.signing_public = blob[7:72]
        self.modulus = blob[84:244]
        self.signing_key = parse_point(self.signing_public)
        # REQ-ID-5: the material is each key with its u16 length, framing dropped.
        self.hash = hashlib.sha256(blob[5:72] + blob[75:249]).digest()

    def rsa_public(self):
        return rsa.RSAPublicNumbers(65537, int.from_bytes(self.modulus, "big")).public_key()


def encode_identity(signing_public, modulus):
    if parse_point(signing_public) is None:
        raise ShimError("malformed_identity", "signing key is not an uncompressed P-256 point")
    if not check_modulus(modulus):
        raise ShimError("malformed_identity", "modulus must be 160 bytes, top bit set, odd")
    return ID_HEAD + signing_public + ID_MIDDLE + modulus + ID_TAIL


def decode_identity(blob):
    # REQ-ID-2: every fixed byte, not only the length.
    if len(blob) != ID_LEN:
        raise ShimError("malformed_identity", "identity blob must be 249 bytes")
    if blob[0:7] != ID_HEAD or blob[72:84] != ID_MIDDLE or blob[244:249] != ID_TAIL:
        raise ShimError("malformed_identity", "identity framing bytes are wrong")
    identity = Identity(blob)
    if identity.signing_key is None:  # REQ-ID-3
        raise ShimError("malformed_identity", "signing key is not an uncompressed P-256 point")
    if not check_modulus(identity.modulus):  # REQ-ID-4
        raise ShimError("malformed_identity", "modulus must be 1280 bits and odd")
    return identity


# --- Private keys (REQ-KEY-3..7) --------------------------------------------

def import_signing_key(scalar, identity):
    """32-byte big-endian scalar in [1, n−1], belonging to `identity` (REQ-KEY-5, -6)."""
    d = int.from_bytes(scalar, "big")
    if len(scalar) != 32 or not 1 <= d < P256_N:
        raise ShimError("malformed_key", "signing key must be a 32-byte scalar in [1, n-1]")
    key = ec.derive_private_key(d, ec.SECP256R1())
    if point_bytes(key.public_key()) != identity.signing_public:
        raise ShimError("malformed_key", "signing key does not belong to the sender identity")
    return key


@functools.lru_cache(maxsize=8)
def load_der_private_key(der):
    # Loading runs OpenSSL's RSA key check (private parts consistent with the
    # public ones, REQ-KEY-6). It costs ~17 ms, and a check run sends the same
    # few keys hundreds of times, so remember the last ones.
    return serialization.load_der_private_key(der, password=None)


def import_rsa_key(der, identity):
    """PKCS#8 DER, RSA-1280, e = 65537, the identity's modulus (REQ-KEY-3, -4, -6)."""
    try:
        key = load_der_private_key(der)
    except (ValueError, TypeError) as e:
        raise ShimError("malformed_key", "rsa_private is not a valid PKCS#8 key: %s" % e)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ShimError("malformed_key", "rsa_private is not an RSA key")
    public = key.public_key().public_numbers()
    if key.key_size != 1280 or public.e != 65537:
        raise ShimError("malformed_key", "RSA key must be 1280 bits with e = 65537")
    # REQ-KEY-8: the one DER form, which is what OpenSSL writes back.
    if key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                         serialization.NoEncryption()) != der:
        raise ShimError("malformed_key", "rsa_private is not in the one PKCS#8 DER form")
    # REQ-KEY-8: no INTEGER longer than n (OpenSSL takes d plus a multiple of
    # lcm(p - 1, q - 1), one byte longer, as the same key).
    private = key.private_numbers()
    n_len = (public.n.bit_length() + 7) // 8
    for v in (private.d, private.p, private.q, private.dmp1, private.dmq1, private.iqmp):
        if (v.bit_length() + 7) // 8 > n_len:
            raise ShimError("malformed_key", "an RSA key INTEGER is longer than n")
    if public.n != int.from_bytes(identity.modulus, "big"):
        raise ShimError("malformed_key", "RSA key does not belong to the recipient identity")
    return key


# --- The pair message (REQ-PAIR-1..17) --------------------------------------

SEED_LEN, TAG_LEN, KEY_LEN = 11, 5, 16
RSA_BLOCK_LEN = 160      # one RSA-1280 ciphertext
INLINE_CT = 100          # ciphertext bytes carried inside the RSA block when sealing
MAX_PLAINTEXT = 65475    # body ≤ 65535 = 160 + (n − 100)  (REQ-PAIR-6)
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)


def tag_of(seed, plaintext, sender, recipient):
    # REQ-PAIR-2: binds the plaintext and both identities to the key.
    msg = plaintext + b"\x02" + sender.hash + recipient.hash
    return hmac.new(seed, msg, hashlib.sha256).digest()[:TAG_LEN]


def aes_ctr(key, data):
    # REQ-PAIR-3: counter block 00×15 ‖ 01; OpenSSL increments all 128 bits big-endian.
    c = Cipher(algorithms.AES(key), modes.CTR(b"\x00" * 15 + b"\x01")).encryptor()
    return c.update(data) + c.finalize()


def seal(signing_key, sender, recipient, plaintext, seed):
    # REQ-PAIR-19: the size before the seed.
    if len(plaintext) > MAX_PLAINTEXT:
        raise ShimError("too_large", "plaintext over %d bytes" % MAX_PLAINTEXT)
    if seed is None:
        seed = os.urandom(SEED_LEN)  # REQ-PAIR-1: a fresh CSPRNG seed per payload
    elif len(seed) != SEED_LEN:
        raise ShimError("invalid_argument", "seed must be 11 bytes")
    key = seed + tag_of(seed, plaintext, sender, recipient)
    ct = aes_ctr(key, plaintext)
    block = recipient.rsa_public().encrypt(key + ct[:INLINE_CT], OAEP)  # REQ-PAIR-4
    body = block + ct[INLINE_CT:]
    sig = signing_key.sign(body, ec.ECDSA(hashes.SHA1()))  # REQ-PAIR-5: DER, over SHA-1(body)
    return b"\x02" + len(body).to_bytes(2, "big") + body + bytes([len(sig)]) + sig


def parse_payload(p):
    """0x02 ‖ u16be(len body) ‖ body ‖ u8(len sig) ‖ sig, nothing more (REQ-PAIR-7..10)."""
    if len(p) < 1 or p[0] != 0x02:
        raise ShimError("malformed_payload", "first byte must be 0x02")
    if len(p) < 3:
        raise ShimError("malformed_payload", "payload too short for the body length")
    body_len = int.from_bytes(p[1:3], "big")
    if body_len < RSA_BLOCK_LEN:
        raise ShimError("malformed_payload", "body shorter than the 160-byte RSA block")
    if len(p) < 3 + body_len + 1:
        raise ShimError("malformed_payload", "declared body length exceeds the payload")
    body = p[3:3 + body_len]
    sig_len = p[3 + body_len]
    sig = p[4 + body_len:]
    if len(sig) != sig_len:
        raise ShimError("malformed_payload", "declared signature length does not match")
    return body, sig


def strict_der_signature(sig):
    """REQ-CRYPTO-4: only the one minimal DER encoding of (r, s) may verify.

    Parse, re-encode, compare: a long-form length, a padded integer or trailing
    bytes all re-encode differently. (OpenSSL 3 is already this strict: it
    refuses every Wycheproof BER case. Other libraries are not; keep the check.)
    """
    try:
        r, s = utils.decode_dss_signature(sig)
        return utils.encode_dss_signature(r, s) == sig
    except ValueError:
        return False


def open_payload(rsa_key, sender, recipient, payload):
    body, sig = parse_payload(payload)

    # REQ-PAIR-11: the signature first, before any decryption.
    try:
        if not strict_der_signature(sig):
            raise InvalidSignature()
        sender.signing_key.verify(sig, body, ec.ECDSA(hashes.SHA1()))
    except InvalidSignature:
        raise ShimError("bad_signature", "signature does not verify")

    # REQ-PAIR-12..14: from here every failure is the same decrypt_failed, and
    # we do the same work whichever step failed (a dummy key stands in).
    ok = True
    try:
        block = rsa_key.decrypt(body[:RSA_BLOCK_LEN], OAEP)
    except ValueError:
        ok, block = False, b""
    if len(block) < KEY_LEN:  # 16..118 bytes: any split is accepted (REQ-PAIR-13)
        ok, block = False, b"\x00" * KEY_LEN
    key = block[:KEY_LEN]
    plaintext = aes_ctr(key, block[KEY_LEN:] + body[RSA_BLOCK_LEN:])
    tag = tag_of(key[:SEED_LEN], plaintext, sender, recipient)
    if not hmac.compare_digest(tag, key[SEED_LEN:]) or not ok:
        raise ShimError("decrypt_failed", "decryption failed")
    return plaintext


# --- Request fields ---------------------------------------------------------

HEX = re.compile(r"[0-9a-fA-F]*")


# --- pair-ec (docs/spec.md §11, REQ-PAIREC-*) --------------------------------

PREKEY_LABEL = b"NGMPrekeySignature"   # REQ-PAIREC-4
HKDF_SALT = b"LastPawn-MessageKeys"    # REQ-PAIREC-9
PREKEY_MAX_AGE = 12_355_200            # REQ-PAIREC-7, 143 days
MAX_MESSAGE = 1 << 20                  # REQ-PAIREC-24
VALIDATOR_VERSION = 0x0C               # REQ-PAIREC-16


def compactable_y(y):
    return y <= P256_P - y  # REQ-PAIREC-3


def expand_x(x_bytes):
    """REQ-PAIREC-2: 32 bytes, x < p, x on the curve; y = min(y, p - y)."""
    if len(x_bytes) != 32:
        raise ShimError("malformed_key", "a compact key is 32 bytes")
    x = int.from_bytes(x_bytes, "big")
    if x >= P256_P:
        raise ShimError("malformed_key", "x is not below p")
    rhs = (pow(x, 3, P256_P) - 3 * x + P256_B) % P256_P
    y = pow(rhs, (P256_P + 1) // 4, P256_P)  # p = 3 mod 4
    if y * y % P256_P != rhs:
        raise ShimError("malformed_key", "no point has this x")
    y = min(y, P256_P - y)
    return b"\x04" + x_bytes + y.to_bytes(32, "big")


def public_from_x(x_bytes):
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), expand_x(x_bytes))


def x_of(key):
    pub = key.public_key() if hasattr(key, "public_key") else key
    return pub.public_numbers().x.to_bytes(32, "big")


def ec_private(scalar, compact):
    d = int.from_bytes(scalar, "big")
    if len(scalar) != 32 or not 1 <= d < P256_N:
        raise ShimError("malformed_key", "P-256 scalar must be 32 bytes in [1, n-1]")
    key = ec.derive_private_key(d, ec.SECP256R1())
    if compact and not compactable_y(key.public_key().public_numbers().y):
        raise ShimError("malformed_key", "the key is not compactable")
    return key


def generate_compactable():
    while True:  # REQ-PAIREC-3: draw again
        key = ec.generate_private_key(ec.SECP256R1())
        if compactable_y(key.public_key().public_numbers().y):
            return key


def scalar_of(key):
    return key.private_numbers().private_value.to_bytes(32, "big")


def sign_raw(key, data):
    r, s = utils.decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def verify_raw(public, data, sig):
    if len(sig) != 64:
        return False
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    if not (0 < r < P256_N and 0 < s < P256_N):
        return False
    try:
        public.verify(utils.encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def prekey_signed(x, timestamp_bytes):
    return PREKEY_LABEL + x + timestamp_bytes  # REQ-PAIREC-4


def parse_prekey_record(rec):
    """REQ-PAIREC-5, -6: exactly 0A 20 X 12 40 sig 19 f64le."""
    if (len(rec) != 109 or rec[0:2] != b"\x0a\x20" or rec[34:36] != b"\x12\x40"
            or rec[100] != 0x19):
        raise ShimError("malformed_prekey", "not the 109-byte prekey record")
    (timestamp,) = struct.unpack("<d", rec[101:109])
    if not math.isfinite(timestamp):
        raise ShimError("malformed_prekey", "the timestamp is not finite")
    return rec[2:34], rec[36:100], timestamp


def verify_prekey(device_public, rec, now=None):
    """REQ-PAIREC-7: parse, prekey, signature, then age."""
    x, sig, timestamp = parse_prekey_record(rec)
    try:
        prekey = public_from_x(x)
    except ShimError:
        raise ShimError("malformed_prekey", "the prekey is not a compact key")
    if not verify_raw(device_public, prekey_signed(x, rec[101:109]), sig):
        raise ShimError("bad_signature", "the prekey signature does not verify")
    if now is not None and now - timestamp > PREKEY_MAX_AGE:
        raise ShimError("expired", "the prekey record is older than 143 days")
    return x, prekey, timestamp


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


class Reader:
    """The strict protobuf subset (REQ-PAIREC-17, -22): exact tags, minimal varints."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def done(self):
        return self.pos == len(self.data)

    def tag(self, tag):
        if self.data[self.pos:self.pos + len(tag)] == tag:
            self.pos += len(tag)
            return True
        return False

    def varint(self):
        value, shift = 0, 0
        while True:
            if self.pos >= len(self.data) or shift > 63:
                return None
            b = self.data[self.pos]
            self.pos += 1
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                if b == 0 and shift > 0:
                    return None  # not minimal
                return value if value < 1 << 64 else None
            shift += 7

    def bytes(self):
        n = self.varint()
        if n is None or n > len(self.data) - self.pos:
            return None
        value = self.data[self.pos:self.pos + n]
        self.pos += n
        return value


def parse_outer(payload):
    r = Reader(payload)
    fields = []
    for tag, size in ((b"\x0a", None), (b"\x12", 32), (b"\x1a", 64), (b"\x9a\x06", 7)):
        value = r.bytes() if r.tag(tag) else None
        if value is None or (size is not None and len(value) != size):
            raise ShimError("malformed_payload", "outer fields 1, 2, 3, 99 in order")
        fields.append(value)
    if fields[3][6] != VALIDATOR_VERSION or not r.done():
        raise ShimError("malformed_payload", "validator version or trailing bytes")
    return fields


def parse_inner(data):
    r = Reader(data)
    message = r.bytes() if r.tag(b"\x0a") else None
    counter = r.varint() if message is not None and r.tag(b"\x10") else None
    if counter is None or counter > 0xFFFFFFFF:
        return None
    for tag in (b"\x1a", b"\x9a\x06"):
        if r.tag(tag) and r.bytes() is None:
            return None
    return (message, counter) if r.done() else None


def ctr64(key, iv, data):
    """REQ-PAIREC-13: only the low 64 bits count; split where they wrap."""
    low = int.from_bytes(iv[8:], "big")
    room = (1 << 64) - low
    if (len(data) + 15) // 16 > room:
        head = room * 16
        return ctr64(key, iv, data[:head]) + ctr64(key, iv[:8] + bytes(8), data[head:])
    encryptor = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def message_keys(shared):
    okm = HKDF(algorithm=hashes.SHA256(), length=48, salt=HKDF_SALT, info=b"").derive(shared)
    return okm[:32], okm[32:]  # REQ-PAIREC-9


def padding_count(n):
    return 196 - n if n <= 196 else (-n) % 16  # REQ-PAIREC-12, the iOS rule


def validator(sender_x, device_x, prekey_x):
    return sender_x[:2] + device_x[:2] + prekey_x[:2] + bytes([VALIDATOR_VERSION])


def ec_seal(signing, device_x, prekey_x, prekey, message, counter, ephemeral, fill):
    shared = ephemeral.exchange(ec.ECDH(), prekey)  # REQ-PAIREC-8
    key, iv = message_keys(shared)
    inner = b"\x0a" + varint(len(message)) + message + b"\x10" + varint(counter)
    if fill is None:
        fill = os.urandom(padding_count(len(inner)))
    ct = ctr64(key, iv, inner + fill + struct.pack("<I", len(fill)))  # REQ-PAIREC-11
    eph_x = x_of(ephemeral)
    sig = sign_raw(signing, shared + prekey_x + eph_x + device_x + ct)  # REQ-PAIREC-14
    return (b"\x0a" + varint(len(ct)) + ct + b"\x12\x20" + eph_x + b"\x1a\x40" + sig
            + b"\x9a\x06\x07" + validator(x_of(signing), device_x, prekey_x))  # REQ-PAIREC-15


def ec_open(signing, prekeys, sender, sender_x, payload):
    ct, eph_x, sig, valid = parse_outer(payload)
    try:
        ephemeral = public_from_x(eph_x)
    except ShimError:
        raise ShimError("malformed_payload", "the ephemeral is not a compact key")
    device_x = x_of(signing)
    for prekey in prekeys:  # REQ-PAIREC-18: newest first
        shared = prekey.exchange(ec.ECDH(), ephemeral)
        prekey_x = x_of(prekey)
        if verify_raw(sender, shared + prekey_x + eph_x + device_x + ct, sig):
            break
    else:
        raise ShimError("bad_signature", "no prekey verifies the signature")
    if valid != validator(sender_x, device_x, prekey_x):  # REQ-PAIREC-19
        raise ShimError("bad_signature", "the key validator names other keys")
    key, iv = message_keys(shared)
    padded = ctr64(key, iv, ct)
    inner = None
    if len(padded) >= 4:  # REQ-PAIREC-21
        (n,) = struct.unpack("<I", padded[-4:])
        if n + 4 <= len(padded):
            inner = parse_inner(padded[:len(padded) - 4 - n])
    if inner is None:
        raise ShimError("decrypt_failed", "decryption failed")  # REQ-PAIREC-20
    return inner


def int_field(obj, name):
    value = field(obj, name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ShimError("malformed_request", "field must be an integer: " + name)
    return value


def op_key_compact(req):
    point = parse_point(hex_field(req, "public"))
    if point is None or not compactable_y(point.public_numbers().y):
        raise ShimError("malformed_key", "not a compactable P-256 point")
    return {"x": x_of(point).hex()}


def op_key_expand(req):
    return {"public": expand_x(hex_field(req, "x")).hex()}


def op_prekey_sign(req):
    ngm = hex_field(req, "ngm_signing_private")
    prekey = hex_field(req, "prekey_private")
    timestamp = field(req, "timestamp")
    if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool):
        raise ShimError("malformed_request", "timestamp must be a number")
    device, pre = ec_private(ngm, True), ec_private(prekey, False)
    t = struct.pack("<d", float(timestamp))
    x = x_of(pre)
    sig = sign_raw(device, prekey_signed(x, t))
    return {"record": (b"\x0a\x20" + x + b"\x12\x40" + sig + b"\x19" + t).hex()}


def op_prekey_verify(req):
    device = public_from_x(hex_field(req, "ngm_public"))
    record = hex_field(req, "record")
    now = int_field(req, "now") if "now" in req else None
    x, _, timestamp = verify_prekey(device, record, now)
    return {"prekey": x.hex(), "timestamp": timestamp}


def op_pair_ec_seal(req):
    sender_req, recipient_req = field(req, "sender"), field(req, "recipient")
    ngm = hex_field(sender_req, "ngm_signing_private")
    device_x = hex_field(recipient_req, "ngm_public")
    record = hex_field(recipient_req, "prekey_record")
    message = hex_field(req, "message")
    counter = int_field(req, "counter")
    ephemeral = hex_field(req, "ephemeral_private") if "ephemeral_private" in req else None
    fill = hex_field(req, "fill") if "fill" in req else None
    signing = ec_private(ngm, True)
    device = public_from_x(device_x)
    prekey_x, prekey, _ = verify_prekey(device, record)  # REQ-PAIREC-25
    if not 0 <= counter <= 0xFFFFFFFF:
        raise ShimError("invalid_argument", "counter must be 0..2^32-1")
    if len(message) > MAX_MESSAGE:
        raise ShimError("too_large", "a pair-ec message is at most 1 MiB")
    eph = ec_private(ephemeral, True) if ephemeral is not None else generate_compactable()
    payload = ec_seal(signing, device_x, prekey_x, prekey, message, counter, eph, fill)
    return {"payload": payload.hex()}


def op_pair_ec_open(req):
    recipient_req = field(req, "recipient")
    ngm = hex_field(recipient_req, "ngm_signing_private")
    prekeys = field(recipient_req, "prekeys")
    if not isinstance(prekeys, list):
        raise ShimError("malformed_request", "prekeys must be a list")
    scalars = [hex_field({"p": p}, "p") for p in prekeys]
    sender_x = hex_field(req, "sender_ngm_public")
    payload = hex_field(req, "payload")
    signing = ec_private(ngm, True)
    keys = [ec_private(s, False) for s in scalars]
    sender = public_from_x(sender_x)
    message, counter = ec_open(signing, keys, sender, sender_x, payload)
    return {"message": message.hex(), "counter": counter}


def field(obj, name):
    if not isinstance(obj, dict) or name not in obj:
        raise ShimError("malformed_request", "missing field: " + name)
    return obj[name]


def hex_field(obj, name):
    value = field(obj, name)
    # bytes.fromhex alone would also accept spaces: be exact.
    if not isinstance(value, str) or len(value) % 2 or not HEX.fullmatch(value):
        raise ShimError("malformed_request", "field is not a hex string: " + name)
    return bytes.fromhex(value)


# --- Ops --------------------------------------------------------------------

def op_device_generate(req):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1280)  # REQ-KEY-1
    signing = ec.generate_private_key(ec.SECP256R1())                       # REQ-KEY-2
    encryption = generate_compactable()  # the first prekey (REQ-PAIREC-1, -3)
    ngm = generate_compactable()         # the NGM device signing key
    modulus = rsa_key.public_key().public_numbers().n.to_bytes(160, "big")
    scalar = lambda k: k.private_numbers().private_value.to_bytes(32, "big")
    return {"device": {
        "rsa_private": rsa_key.private_bytes(serialization.Encoding.DER,
                                             serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).hex(),
        "signing_private": scalar(signing).hex(),
        "encryption_private": scalar(encryption).hex(),
        "identity": encode_identity(point_bytes(signing.public_key()), modulus).hex(),
        "encryption_public": point_bytes(encryption.public_key()).hex(),
        "ngm_signing_private": scalar(ngm).hex(),
        "ngm_public": x_of(ngm).hex(),
    }}


def op_identity_encode(req):
    blob = encode_identity(hex_field(req, "signing_public"), hex_field(req, "rsa_modulus"))
    return {"identity": blob.hex()}


def op_identity_decode(req):
    identity = decode_identity(hex_field(req, "identity"))
    return {"signing_public": identity.signing_public.hex(),
            "rsa_modulus": identity.modulus.hex(),
            "rsa_exponent": "010001",
            "identity_hash": identity.hash.hex()}


def op_pair_seal(req):
    # REQ-PAIR-19: read the whole request, then judge it in order: the
    # sender's identity and key, the recipient's identity, then seal's own
    # refusals (the size, then the seed).
    sender_req = field(req, "sender")
    signing_private = hex_field(sender_req, "signing_private")
    sender_blob = hex_field(sender_req, "identity")
    recipient_blob = hex_field(req, "recipient_identity")
    plaintext = hex_field(req, "plaintext")
    seed = hex_field(req, "seed") if "seed" in req else None
    sender = decode_identity(sender_blob)
    signing_key = import_signing_key(signing_private, sender)
    recipient = decode_identity(recipient_blob)
    return {"payload": seal(signing_key, sender, recipient, plaintext, seed).hex()}


def op_pair_open(req):
    recipient_req = field(req, "recipient")
    rsa_private = hex_field(recipient_req, "rsa_private")
    recipient = decode_identity(hex_field(recipient_req, "identity"))
    sender = decode_identity(hex_field(req, "sender_identity"))
    payload = hex_field(req, "payload")
    rsa_key = import_rsa_key(rsa_private, recipient)
    return {"plaintext": open_payload(rsa_key, sender, recipient, payload).hex()}


OPS = {
    "device.generate": op_device_generate,
    "identity.encode": op_identity_encode,
    "identity.decode": op_identity_decode,
    "pair.seal": op_pair_seal,
    "pair.open": op_pair_open,
    "key.compact": op_key_compact,
    "key.expand": op_key_expand,
    "prekey.sign": op_prekey_sign,
    "prekey.verify": op_prekey_verify,
    "pair-ec.seal": op_pair_ec_seal,
    "pair-ec.open": op_pair_ec_open,
}


def op_hello(req):
    return {"protocol": "imref-shim/1", "implementation": IMPLEMENTATION,
            "ops": sorted(OPS)}  # every op served, "hello" included


OPS["hello"] = op_hello


# --- The JSON Lines loop ----------------------------------------------------

def handle(line):
    """One request line in, one response object out. Never raises."""
    req_id = None
    try:
        try:
            req = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            raise ShimError("malformed_request", "not a JSON object")
        if not isinstance(req, dict):
            raise ShimError("malformed_request", "not a JSON object")
        rid = req.get("id")
        if isinstance(rid, int) and not isinstance(rid, bool):
            req_id = rid
        else:
            raise ShimError("malformed_request", "missing or non-integer id")
        op = field(req, "op")
        if not isinstance(op, str):
            raise ShimError("malformed_request", "op must be a string")
        if op not in OPS:
            raise ShimError("unimplemented", "unknown op: " + op)
        return {"id": req_id, "ok": True, **OPS[op](req)}
    except ShimError as e:
        return {"id": req_id, "ok": False, "error": e.code, "detail": e.detail}
    except Exception as e:  # a bug here must not take the process down (REQ-SHIM-1)
        traceback.print_exc(file=sys.stderr)
        return {"id": req_id, "ok": False, "error": "crypto_failure", "detail": repr(e)}


def main():
    for line in sys.stdin.buffer:  # every line gets an answer, even a blank one
        response = handle(line)
        sys.stdout.write(json.dumps(response, separators=(",", ":")) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
