package io.github.alexnet4j.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Security and network settings given to the JVM reach the Spark job (the README's "Ports and authentication"). */
class SparkSettingsTest {

    @Test
    void sparkPropertiesOfTheJvmPassThrough() {
        System.setProperty("spark.authenticate", "true");
        System.setProperty("spark.authenticate.secret", "s3cret");
        System.setProperty("spark.driver.port", "7078");
        try {
            SparkConf c = SparkSteps.conf(new SparkOptions("spark://master:7077", "averaging", 1, 10, null, 40123), "test");
            assertEquals("true", c.get("spark.authenticate"));
            assertEquals("s3cret", c.get("spark.authenticate.secret"));
            assertEquals("7078", c.get("spark.driver.port"));
            assertEquals("spark://master:7077", c.get("spark.master"));
            assertFalse(c.contains("spark.ui.enabled"), "a cluster job keeps Spark's UI unless told otherwise");
            assertEquals("false", SparkSteps.conf(new SparkOptions("local[2]", "averaging", 1, 10, null, 40123), "t")
                    .get("spark.ui.enabled"));
        } finally {
            System.clearProperty("spark.authenticate");
            System.clearProperty("spark.authenticate.secret");
            System.clearProperty("spark.driver.port");
        }
    }
}
