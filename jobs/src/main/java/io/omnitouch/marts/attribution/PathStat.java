package io.omnitouch.marts.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One aggregated distinct path, the input of every model core: the channels in time order, how many
 * paths ended in a conversion, their total conversion value, and how many ended without one
 * (ChannelAttribution's {@code path; total_conversions; total_conversion_value; total_null}).
 */
public record PathStat(List<String> channels, double conversions, double value, double nulls) {
  /** Channels in a path string are separated like ChannelAttribution's: {@code a > b > c}. */
  public static final String SEPARATOR = " > ";

  public PathStat {
    channels = List.copyOf(Objects.requireNonNull(channels));
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("A path has at least one channel");
    }
    if (conversions < 0 || nulls < 0 || value < 0) {
      throw new IllegalArgumentException("Negative count in path " + channels);
    }
  }

  public static PathStat of(String path, double conversions, double value, double nulls) {
    return new PathStat(split(path), conversions, value, nulls);
  }

  public static List<String> split(String path) {
    return Arrays.stream(path.split(SEPARATOR, -1)).map(String::trim).toList();
  }

  /**
   * The path with consecutive repeats collapsed ({@code a > a > b > a} becomes {@code a > b > a}).
   */
  public List<String> collapsed() {
    List<String> out = new ArrayList<>(channels.size());
    for (String c : channels) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(c)) {
        out.add(c);
      }
    }
    return out;
  }

  public String first() {
    return channels.get(0);
  }

  public String last() {
    return channels.get(channels.size() - 1);
  }
}
