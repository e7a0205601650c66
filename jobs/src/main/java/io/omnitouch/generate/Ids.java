package io.omnitouch.generate;

import java.util.Locale;

/**
 * Identifiers that look like the upstream systems' own: WeChat unionid-like user ids, device ids,
 * mobile numbers and unit codes. Each is a bijection of a counter scrambled by the seed, so ids are
 * unique, look random, and are the same for the same seed.
 */
final class Ids {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String BASE32 = "0123456789ABCDEFGHJKLMNPQRTUVWXY";
  private static final long MASK_53 = (1L << 53) - 1;
  private static final long MASK_60 = (1L << 60) - 1;
  private static final long ODD = 0x5DEECE66DL * 2 + 1;

  private Ids() {}

  /** A consumer's pseudonymous WeChat unionid: same person, same id in all four logs. */
  static String user(long seed, long index) {
    return "oU" + base62(scramble(seed, "user", index, MASK_53), 9);
  }

  /** The unionid of a store's staff account (group owners post and send red packets with it). */
  static String staffUser(long seed, long index) {
    return "oS" + base62(scramble(seed, "staff", index, MASK_53), 9);
  }

  static String device(long seed, long index) {
    return "dv" + base62(scramble(seed, "device", index, MASK_53), 10);
  }

  /** A unit's one-item-one-code serial (优码). */
  static String code(long seed, long serial) {
    return "YM" + base32(scramble(seed, "code", serial, MASK_60), 12);
  }

  /** A case code (箱码): a different alphabet prefix so a unit code never equals a case code. */
  static String caseCode(long seed, long serial) {
    return "XM" + base32(scramble(seed, "case", serial, MASK_60), 12);
  }

  /** A pallet code (垛码). */
  static String palletCode(long seed, long serial) {
    return "DM" + base32(scramble(seed, "pallet", serial, MASK_60), 12);
  }

  /**
   * A synthetic mainland mobile number (11 digits, 1[3-9]x). Some upstream systems write it with a
   * country code, so a share comes as {@code +86...} or {@code 86...}; the digits are the same.
   */
  static String phone(long seed, long index) {
    long h = Rng.hash(seed, "phone", index);
    int second = 3 + (int) Math.floorMod(h, 7L);
    long rest = Math.floorMod(h >>> 8, 1_000_000_000L);
    String digits = "1" + second + String.format(Locale.ROOT, "%09d", rest);
    double form = Rng.unit(seed, "phone-form", index);
    if (form < 0.08) {
      return "+86" + digits;
    }
    return form < 0.14 ? "86" + digits : digits;
  }

  /**
   * A bijection of {@code [0, 2^bits)}: add a seeded salt, then rounds of multiply-by-odd and
   * xor-shift-right, each invertible modulo a power of two, so distinct indexes never collide.
   */
  private static long scramble(long seed, String name, long index, long mask) {
    int bits = Long.bitCount(mask);
    long x = (index + Rng.hash(seed, name)) & mask;
    for (int round = 0; round < 3; round++) {
      x = (x * ODD) & mask;
      x ^= x >>> (bits / 2 + 1);
    }
    return x;
  }

  private static String base62(long v, int width) {
    char[] out = new char[width];
    for (int i = width - 1; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (v % 62));
      v /= 62;
    }
    return new String(out);
  }

  private static String base32(long v, int width) {
    char[] out = new char[width];
    for (int i = width - 1; i >= 0; i--) {
      out[i] = BASE32.charAt((int) (v & 31));
      v >>>= 5;
    }
    return new String(out);
  }
}
