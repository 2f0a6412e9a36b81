package io.unstick.lab.compare.report;

/**
 * One action of the fault, as {@code runs[].faultEvents[]}: {@code {"atS":30.2,"what":"node2 killed (SIGKILL)"}}.
 *
 * @param atS  seconds since the measurement began
 * @param what what was done or seen
 */
public record FaultEvent(double atS, String what) {
}
