package io.omnitouch.marts;

/**
 * The one way to declare a gold mart: its table name, its {@code --stages} group and its date
 * column are given once to this constructor; the subclass writes {@code compute} (read inputs, call
 * its pure {@code build}) and, where the contract says so, overrides {@link #restatedDays()} or
 * {@link #asOfRunDate()}. Register it with one line in {@link MartCatalog} and describe its columns
 * in {@code schemas/marts/<name>.json}.
 */
public abstract class Mart implements MartJob {
  private final String name;
  private final String group;
  private final String dateColumn;

  /**
   * @param name the Delta table {@code gold/<name>}, the export folder and the sql name
   * @param group the {@code --stages} group
   * @param dateColumn the date column, or null for a mart replaced whole each run
   */
  protected Mart(String name, String group, String dateColumn) {
    this.name = name;
    this.group = group;
    this.dateColumn = dateColumn;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String group() {
    return group;
  }

  @Override
  public final String dateColumn() {
    return dateColumn;
  }
}
