package io.omnitouch.silver;

/** The {@code scan_type} values of the scans log (inputs.md). */
public final class ScanTypes {
  public static final String FACTORY_OUT = "factory_out";
  public static final String DEALER_OUT = "dealer_out";
  public static final String STORE_IN = "store_in";
  public static final String CONSUMER = "consumer";

  private ScanTypes() {}
}
