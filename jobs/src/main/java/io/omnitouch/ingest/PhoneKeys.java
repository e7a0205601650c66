package io.omnitouch.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys buyer phone numbers at ingestion (inputs.md, orders): lowercase hex HMAC-SHA256 of the
 * number's digits with a leading {@code 86} country code removed. The clear number never leaves
 * this class.
 */
public final class PhoneKeys implements java.io.Serializable {
  private static final String ALGORITHM = "HmacSHA256";

  /** 86 + an 11-digit mainland mobile number. */
  private static final int DIGITS_WITH_COUNTRY_CODE = 13;

  private final byte[] secret;
  private transient Mac mac;

  public PhoneKeys(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The key of a phone number, or null when it holds no digits. */
  public String key(String phone) {
    if (phone == null) {
      return null;
    }
    String digits = normalise(phone);
    if (digits.isEmpty()) {
      return null;
    }
    byte[] h = mac().doFinal(digits.getBytes(StandardCharsets.US_ASCII));
    StringBuilder sb = new StringBuilder(h.length * 2);
    for (byte b : h) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  /**
   * Replaces every mainland mobile number in free text (optionally with a +86 / 86 prefix) by its
   * key: quarantine raw text and reasons go through here, so a phone in a shifted or wrong column
   * never lands in clear either.
   */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    java.util.regex.Matcher m = MOBILE.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    do {
      m.appendReplacement(sb, key(m.group()));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }

  private static final java.util.regex.Pattern MOBILE =
      java.util.regex.Pattern.compile("(?<![0-9])(\\+?86[ -]?)?1[3-9][0-9]{9}(?![0-9])");

  /** Digits only, without a leading 86 country code. */
  static String normalise(String phone) {
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < phone.length(); i++) {
      char c = phone.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    if (digits.length() == DIGITS_WITH_COUNTRY_CODE && digits.indexOf("86") == 0) {
      return digits.substring(2);
    }
    return digits.toString();
  }

  private Mac mac() {
    if (mac == null) {
      try {
        mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(secret, ALGORITHM));
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HMAC-SHA256 unavailable", e);
      }
    }
    return mac;
  }
}
