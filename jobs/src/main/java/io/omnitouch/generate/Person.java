package io.omnitouch.generate;

import io.omnitouch.generate.RegionTable.Region;

/**
 * A consumer as the scan platform sees them: unionid, home region, the fixed position their phone
 * reports (null when they do not share GPS; the region centroid stands in), device and mobile. All
 * of one person's routine scans use the same position, so routine data never implies travel.
 */
record Person(String userId, Region region, Double lat, Double lon, String device, String phone) {

  Person at(Region elsewhere, double lat, double lon) {
    return new Person(userId, elsewhere, lat, lon, device, phone);
  }

  Person withDevice(String otherDevice) {
    return new Person(userId, region, lat, lon, otherDevice, phone);
  }
}
