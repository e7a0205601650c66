package io.omnitouch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PhoneKeysTest {
  /** HMAC-SHA256("test-key", "13800138000"), computed independently with Python's hmac module. */
  private static final String KEY_OF_13800138000 =
      "8785917e09f496475cc5080a53baea72fbd04e45c338dc3eda3ec44bef8b7d77";

  private final PhoneKeys keys = new PhoneKeys("test-key");

  @Test
  void keysTheDigitsWithoutCountryCode() {
    assertEquals(KEY_OF_13800138000, keys.key("13800138000"));
    assertEquals(KEY_OF_13800138000, keys.key("+86 138-0013-8000"));
    assertEquals(KEY_OF_13800138000, keys.key("8613800138000"));
  }

  @Test
  void noDigitsNoKey() {
    assertNull(keys.key(" - "));
    assertNull(keys.key(null));
  }

  @Test
  void aDifferentSecretGivesADifferentKey() {
    assertFalse(new PhoneKeys("other").key("13800138000").equals(KEY_OF_13800138000));
  }

  @Test
  void scrubReplacesEveryMobileNumberInText() {
    String text = "O1,1,x,+8613800138000,13800138000,order 12345678901234";
    assertEquals(
        "O1,1,x," + KEY_OF_13800138000 + "," + KEY_OF_13800138000 + ",order 12345678901234",
        keys.scrub(text));
  }
}
