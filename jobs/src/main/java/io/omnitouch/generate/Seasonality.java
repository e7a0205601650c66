package io.omnitouch.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Demand multipliers by date: a weekday pattern (weekends busiest), the National Day golden week
 * (gift buying in stores, 1–7 October), the Double 11 season online (pre-sales from 20 October,
 * peak on 11 November) and a slow upward trend over the window.
 */
final class Seasonality {
  private Seasonality() {}

  static double weekday(LocalDate d) {
    DayOfWeek w = d.getDayOfWeek();
    return switch (w) {
      case MONDAY -> 0.85;
      case TUESDAY -> 0.9;
      case WEDNESDAY -> 0.95;
      case THURSDAY -> 1.0;
      case FRIDAY -> 1.1;
      case SATURDAY -> 1.3;
      case SUNDAY -> 1.2;
    };
  }

  /** Stores, guides and groups: the golden week and the days before it. */
  static double offline(LocalDate d, LocalDate first) {
    int m = d.getMonthValue();
    int day = d.getDayOfMonth();
    double holiday = 1.0;
    if (m == 9 && day >= 25) {
      holiday = 1.25;
    } else if (m == 10 && day <= 3) {
      holiday = 1.7;
    } else if (m == 10 && day <= 7) {
      holiday = 1.35;
    } else if (m == 11 && day >= 9 && day <= 11) {
      holiday = 1.2;
    }
    // National Day is a holiday: its weekday pattern is flattened
    double week = (m == 10 && day <= 7) ? 1.15 : weekday(d);
    return week * holiday * trend(d, first);
  }

  /** Mini-program and e-commerce: the Double 11 season. */
  static double online(LocalDate d, LocalDate first) {
    int m = d.getMonthValue();
    int day = d.getDayOfMonth();
    double season = 1.0;
    if (m == 10 && day >= 20) {
      season = 1.2;
    } else if (m == 10 && day <= 7) {
      season = 1.1;
    } else if (m == 11 && day <= 9) {
      season = 1.3;
    } else if (m == 11 && day == 10) {
      season = 1.9;
    } else if (m == 11 && day == 11) {
      season = 3.2;
    } else if (m == 11 && day <= 13) {
      season = 1.3;
    }
    double week = 0.5 + 0.5 * weekday(d);
    return week * season * trend(d, first);
  }

  private static double trend(LocalDate d, LocalDate first) {
    return 1.0 + 0.002 * (d.toEpochDay() - first.toEpochDay());
  }

  /** Hour of day (0–23) weights for store purchases (10:00–22:00) and for online activity. */
  static final double[] STORE_HOURS = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 6, 4, 4, 5, 7, 9, 10, 9, 6, 3, 0
  };

  static final double[] ONLINE_HOURS = {
    2, 1, 0.5, 0.3, 0.2, 0.3, 0.8, 2, 4, 5, 6, 7, 9, 8, 6, 6, 6, 7, 8, 10, 11, 12, 9, 5
  };
}
