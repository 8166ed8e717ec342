package imports.com.coreos.monitoring;

/**
 * HTTP scheme of the scrape.
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-28T02:23:57.895Z")
@software.amazon.jsii.Jsii(module = imports.com.coreos.monitoring.$Module.class, fqn = "comcoreosmonitoring.ServiceMonitorSpecEndpointsScheme")
public enum ServiceMonitorSpecEndpointsScheme {
    /**
     * http.
     */
    HTTP,
    /**
     * https.
     */
    HTTPS,
}
