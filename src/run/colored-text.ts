/**
 * The key under which an event's data may carry its text as a terminal with colours shows it
 * (a failing unit test's diff, coloured by daff). A symbol, so JSON logs never write it.
 */
export const COLORED_TEXT: unique symbol = Symbol('colored text');
