/**
 * `text`, flattened. V8 keeps a string built piece by piece (`+`, `+=`, template literals) as a
 * tree of its pieces until something needs its characters in one block. A string that is kept
 * (a node's compiled SQL, held until the artifacts are written) then keeps every piece alive, and
 * each garbage collection copies or marks them all: for tens of thousands of nodes, several times
 * the memory and collection time of the flat text. Reading a character makes V8 flatten the tree
 * (its pieces die young); JavaScript has no more direct way to ask for it.
 */
export function flatString(text: string): string {
  text.charCodeAt(0);
  return text;
}
