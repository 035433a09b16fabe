class A extends Object {
  #x = 1;
  static s = 2;
  get x() { return this.#x; }
}
